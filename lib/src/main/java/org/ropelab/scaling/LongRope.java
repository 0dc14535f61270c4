package org.ropelab.scaling;

import java.util.Arrays;
import org.ropelab.rope.RopeScaling;

/**
 * LongRoPE (Ding et al. 2024, arXiv:2402.13753), as used by Phi-3 and run by Hugging Face's
 * {@code rope_type = "longrope"}: one searched rescale factor {@code λ_i} per pair,
 * {@code θ'_i = θ_i/λ_i}, from a short list while the sequence fits the original context
 * ({@code L ≤ L₀}) and from a long list beyond it ({@code L > L₀}). The attention factor is an explicit
 * {@code attention_factor} when given, else {@code √(1 + ln s / ln L₀)} for {@code s > 1} (else 1),
 * where {@code s} is the extension factor (the config's {@code factor}, or new context / original
 * context when it has none); as in Hugging Face it is the same for short and long sequences.
 * Follows transformers 5.23.0 ({@code _compute_longrope_parameters}); which {@code L₀} and {@code s} a
 * config gives is the reader's business ({@code org.ropelab.models.HuggingFaceRope}).
 */
public final class LongRope implements RopeScaling {
    private final double[] shortFactors;
    private final double[] longFactors;
    private final long originalLength;
    private final double factor;
    private final double attentionFactor;

    private LongRope(double[] shortFactors, double[] longFactors, long originalLength, double factor, double attentionFactor) {
        this.shortFactors = factors("shortFactors", shortFactors);
        this.longFactors = factors("longFactors", longFactors);
        if (shortFactors.length != longFactors.length) {
            throw new IllegalArgumentException("shortFactors and longFactors must have the same length, got "
                    + shortFactors.length + " and " + longFactors.length);
        }
        this.originalLength = ScalingParameters.length("originalLength", originalLength, 2);
        this.factor = ScalingParameters.positive("factor", factor);
        this.attentionFactor = Double.isNaN(attentionFactor) ? attentionFactor : ScalingParameters.positive("attentionFactor", attentionFactor);
    }

    /**
     * Returns LongRoPE with per-pair factors (one per pair, {@code r/2} each, finite and positive), the
     * original context {@code L₀ ≥ 2} and the extension factor {@code s > 0} of the attention factor.
     */
    public static LongRope of(double[] shortFactors, double[] longFactors, long originalLength, double factor) {
        return new LongRope(shortFactors, longFactors, originalLength, factor, Double.NaN);
    }

    /** Returns a copy whose attention factor is {@code a > 0} for every length, whatever the factor. */
    public LongRope withAttentionFactor(double attentionFactor) {
        return new LongRope(shortFactors, longFactors, originalLength, factor, ScalingParameters.positive("attentionFactor", attentionFactor));
    }

    /** Returns the original context {@code L₀}. */
    public long originalLength() {
        return originalLength;
    }

    /** Returns the extension factor {@code s}. */
    public double factor() {
        return factor;
    }

    /** Returns {@code θ'_i = base^(−2i/r) / λ_i}; the lists must hold {@code r/2} factors. */
    @Override
    public double[] thetas(double base, int rotaryDim, long sequenceLength) {
        if (rotaryDim / 2 != shortFactors.length) {
            throw new IllegalArgumentException("LongRoPE has " + shortFactors.length + " factors per list, which must equal r/2, got r = "
                    + rotaryDim);
        }
        double[] t = ScalingParameters.unscaled(base, rotaryDim);
        double[] lambda = sequenceLength > originalLength ? longFactors : shortFactors;
        for (int i = 0; i < t.length; i++) {
            t[i] /= lambda[i];
        }
        return t;
    }

    /** Returns the explicit attention factor if set, else {@code √(1 + ln s / ln L₀)} for {@code s > 1}, else 1, for every length. */
    @Override
    public double attentionFactor(long sequenceLength) {
        ScalingParameters.length("sequenceLength", sequenceLength, 1);
        if (!Double.isNaN(attentionFactor)) {
            return attentionFactor;
        }
        return factor > 1 ? Math.sqrt(1 + Math.log(factor) / Math.log(originalLength)) : 1;
    }

    @Override
    public String name() {
        return "longrope(" + shortFactors.length + " pairs, L0=" + originalLength + ", s=" + ScalingParameters.format(factor)
                + (Double.isNaN(attentionFactor) ? "" : ", a=" + ScalingParameters.format(attentionFactor)) + ")";
    }

    @Override
    public String toString() {
        return name();
    }

    private static double[] factors(String name, double[] f) {
        if (f == null || f.length == 0) {
            throw new IllegalArgumentException(name + " must hold one factor per pair, got " + (f == null ? "null" : "none"));
        }
        for (int i = 0; i < f.length; i++) {
            if (!(f[i] > 0) || !Double.isFinite(f[i])) {
                throw new IllegalArgumentException(name + "[" + i + "] must be finite and positive, got " + f[i]
                        + " in " + Arrays.toString(f));
            }
        }
        return f.clone();
    }
}
