/** Complex numbers as plane vectors, 2-D and block-diagonal rotations, and small dense matrices (Hipparchus). */
package org.ropelab.geometry;
