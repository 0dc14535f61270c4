package org.ropelab.scaling;

import org.ropelab.rope.RopeScaling;

/** Parameter checks shared by the {@link RopeScaling} implementations. */
final class ScalingParameters {
    private ScalingParameters() {
    }

    /** Returns {@code value} if it is finite and positive, else throws naming {@code name}. */
    static double positive(String name, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be finite and positive, got " + value);
        }
        return value;
    }

    /** Returns {@code value} if it is finite and at least 1, else throws naming {@code name}. */
    static double atLeastOne(String name, double value) {
        if (!(value >= 1) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be finite and at least 1, got " + value);
        }
        return value;
    }

    /** Returns {@code rotaryDim} if it is even and at least 2, else throws. */
    static int rotaryDim(int rotaryDim) {
        if (rotaryDim < 2 || rotaryDim % 2 != 0) {
            throw new IllegalArgumentException("rotaryDim must be even and at least 2, got " + rotaryDim);
        }
        return rotaryDim;
    }

    /** Returns {@code base} if it is finite and greater than 1, else throws. */
    static double base(double base) {
        if (!(base > 1) || Double.isInfinite(base)) {
            throw new IllegalArgumentException("base must be finite and greater than 1, got " + base);
        }
        return base;
    }

    /** Returns {@code length} if it is at least {@code min}, else throws naming {@code name}. */
    static long length(String name, long length, long min) {
        if (length < min) {
            throw new IllegalArgumentException(name + " must be at least " + min + ", got " + length);
        }
        return length;
    }

    /** Returns the exponent {@code r/(r−2)} of the NTK-aware base change; needs {@code r ≥ 4}. */
    static double ntkExponent(int rotaryDim) {
        if (rotaryDim < 4) {
            throw new IllegalArgumentException("NTK base scaling needs rotaryDim ≥ 4 (exponent r/(r−2)), got " + rotaryDim);
        }
        return rotaryDim / (rotaryDim - 2.0);
    }

    /** Returns the unscaled frequencies {@code θ_i = base^(−2i/r)}. */
    static double[] unscaled(double base, int rotaryDim) {
        return RopeScaling.none().thetas(base, rotaryDim, 1);
    }

    /** Returns a number without a trailing {@code .0} when it is whole, for names. */
    static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
    }
}
