package org.ropelab.scaling;

import org.ropelab.rope.RopeScaling;

/**
 * Proportional RoPE (Gemma 4's global layers; Hugging Face's {@code rope_type = "proportional"},
 * transformers 5.23.0 {@code _compute_proportional_rope_parameters}): the whole head of {@code r}
 * components is laid out as {@code r/2} pairs, but only the first {@code k = ⌊p·r/2⌋} turn, with the
 * frequencies of the full head, and the rest have frequency 0 (they pass unchanged):
 * {@code θ'_i = base^(−2i/r)/s} for {@code i < k}, {@code θ'_i = 0} for {@code k ≤ i < r/2}. Unlike a
 * partial rotary width {@code p·r} (whose frequencies are {@code base^(−2i/(p·r))}), the turning pairs
 * keep the full head's spectrum, so its highest {@code p·r/2} frequencies. No attention factor.
 */
public final class Proportional implements RopeScaling {
    private final double proportion;
    private final double factor;

    private Proportional(double proportion, double factor) {
        if (!(proportion >= 0 && proportion <= 1)) {
            throw new IllegalArgumentException("proportion must be in [0, 1], got " + proportion);
        }
        this.proportion = proportion;
        this.factor = ScalingParameters.positive("factor", factor);
    }

    /** Returns proportional RoPE turning the fraction {@code p ∈ [0, 1]} of the pairs, frequencies divided by {@code s > 0}. */
    public static Proportional of(double proportion, double factor) {
        return new Proportional(proportion, factor);
    }

    /** Returns the proportion {@code p}. */
    public double proportion() {
        return proportion;
    }

    /** Returns the factor {@code s}. */
    public double factor() {
        return factor;
    }

    /** Returns the number of turning pairs {@code k = ⌊p·r/2⌋} of a head of {@code r} components. */
    public int turningPairs(int rotaryDim) {
        ScalingParameters.rotaryDim(rotaryDim);
        return (int) Math.floor(proportion * rotaryDim / 2);
    }

    /** Returns {@code base^(−2i/r)/s} for the first {@code k} pairs and 0 for the others, for every length. */
    @Override
    public double[] thetas(double base, int rotaryDim, long sequenceLength) {
        double[] t = ScalingParameters.unscaled(base, rotaryDim);
        int k = turningPairs(rotaryDim);
        for (int i = 0; i < t.length; i++) {
            t[i] = i < k ? t[i] / factor : 0;
        }
        return t;
    }

    @Override
    public String name() {
        return "proportional(p=" + ScalingParameters.format(proportion) + (factor == 1 ? "" : ", s=" + ScalingParameters.format(factor)) + ")";
    }

    @Override
    public String toString() {
        return name();
    }
}
