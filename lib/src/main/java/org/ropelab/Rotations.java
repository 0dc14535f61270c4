package org.ropelab;

/** Rotation matrices. */
public final class Rotations {
    private Rotations() {
    }

    /** Returns the 2-D rotation by {@code theta} radians, counter-clockwise: {@code [[cos θ, −sin θ], [sin θ, cos θ]]}. */
    public static double[][] r(double theta) {
        double c = Math.cos(theta);
        double s = Math.sin(theta);
        return new double[][] {{c, -s}, {s, c}};
    }
}
