/** Absolute positions added to the input: a learned table and the sinusoidal encoding. */
package org.ropelab.absolute;
