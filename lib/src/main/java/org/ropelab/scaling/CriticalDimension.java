package org.ropelab.scaling;

import org.ropelab.rope.RotaryEmbedding;

/**
 * The critical dimension for extrapolation, named by Liu et al. 2023 ("Scaling Laws of RoPE-based
 * Extrapolation", arXiv:2310.05209), read here as the number of rotated components whose pair
 * completes at least one full turn within the trained length {@code T}, i.e. pairs with
 * {@code T·θ_i ≥ 2π}. Only the paper's abstract was available to check: it names the critical
 * dimension but does not define it, so this definition, and the closed form derived from it, are ours,
 * not quoted from the paper. With {@code θ_i = base^(−2i/r)} these are the pairs
 * {@code i ≤ (r/2)·log_base(T/2π)}, so (away from a whole-number boundary)
 * {@code d_extra = 2·⌈(r/2)·log_base(T/2π)⌉}. Pairs beyond it never saw a full period of their cos
 * and sin in training.
 */
public final class CriticalDimension {
    private CriticalDimension() {
    }

    /** Returns {@code 2·#{i : T·θ_i ≥ 2π}} for the frequencies of {@code rope} at length {@code T} (its scaling applied). */
    public static int of(RotaryEmbedding rope, long trainedLength) {
        ScalingParameters.length("trainedLength", trainedLength, 1);
        int pairs = 0;
        for (double theta : rope.thetas(trainedLength)) {
            if (trainedLength * theta >= 2 * Math.PI) {
                pairs++;
            }
        }
        return 2 * pairs;
    }

    /** Returns the closed form {@code 2·⌈(r/2)·log_base(T/2π)⌉}, clamped to {@code [0, r]}, for unscaled frequencies. */
    public static int closedForm(double base, int rotaryDim, long trainedLength) {
        ScalingParameters.length("trainedLength", trainedLength, 1);
        ScalingParameters.rotaryDim(rotaryDim);
        ScalingParameters.base(base);
        double x = rotaryDim / 2.0 * Math.log(trainedLength / (2 * Math.PI)) / Math.log(base);
        return (int) Math.max(0, Math.min(rotaryDim, 2 * Math.ceil(x)));
    }
}
