/** Length extrapolation: frequency schedules for {@link org.ropelab.rope.RopeScaling} and the critical dimension. */
package org.ropelab.scaling;
