/** Training a tiny decoder (SameDiff) with each position encoding, on a language whose best possible loss is known. */
package org.ropelab.train;
