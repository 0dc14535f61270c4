package org.ropelab.scaling;

import org.ropelab.rope.RopeScaling;

/**
 * Position Interpolation (Chen et al. 2023, arXiv:2306.15595): positions are divided by the factor
 * {@code s}, {@code m → m/s}, which is the same as dividing every frequency, {@code θ'_i = θ_i/s};
 * no attention factor. Hugging Face's {@code rope_type = "linear"}, which divides {@code inv_freq} by
 * {@code factor} (transformers 5.23.0, {@code _compute_linear_scaling_rope_parameters}).
 */
public final class PositionInterpolation implements RopeScaling {
    private final double factor;

    private PositionInterpolation(double factor) {
        this.factor = ScalingParameters.positive("factor", factor);
    }

    /** Returns Position Interpolation by the factor {@code s > 0} (usually new length / trained length). */
    public static PositionInterpolation of(double factor) {
        return new PositionInterpolation(factor);
    }

    /** Returns the factor {@code s}. */
    public double factor() {
        return factor;
    }

    /** Returns {@code θ'_i = base^(−2i/r) / s} for every length. */
    @Override
    public double[] thetas(double base, int rotaryDim, long sequenceLength) {
        double[] t = ScalingParameters.unscaled(base, rotaryDim);
        for (int i = 0; i < t.length; i++) {
            t[i] /= factor;
        }
        return t;
    }

    @Override
    public String name() {
        return "linear(s=" + ScalingParameters.format(factor) + ")";
    }

    @Override
    public String toString() {
        return name();
    }
}
