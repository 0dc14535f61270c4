package org.ropelab.rope;

/**
 * Gemma 4's proportional RoPE (Hugging Face {@code rope_type = "proportional"},
 * {@code _compute_proportional_rope_parameters}): of the {@code d/2} half-split pairs
 * {@code (i, i + d/2)} of a head of dimension {@code d}, the first {@code k = ⌊p·d/2⌋} turn with
 * {@code θ_i = base^(−2i/d)} — the head dimension in the denominator — and the rest have frequency 0
 * (they pass unchanged). Prefix partial rotary (GPT-NeoX, GLM, Phi: {@link RotaryEmbedding#withRotaryFraction})
 * is the other convention: it rotates the first {@code r} components as pairs {@code (i, i + r/2)} with
 * {@code θ_i = base^(−2i/r)}. As a {@link RopeScaling} this schedule returns, for a rotary width
 * {@code r ≤ d} with {@code r/2 ≥ k}, the {@code r/2} frequencies {@code base^(−2i/d)} for {@code i < k}
 * and 0 after. Immutable.
 */
public final class ProportionalRope implements RopeScaling {
    private final int headDim;
    private final int rotatedPairs;

    private ProportionalRope(int headDim, int rotatedPairs) {
        this.headDim = headDim;
        this.rotatedPairs = rotatedPairs;
    }

    /**
     * Returns proportional RoPE for head dimension {@code headDim} (even, at least 2) with fraction
     * {@code p ∈ (0, 1]}: {@code k = ⌊p·headDim/2⌋ ≥ 1} pairs rotate.
     */
    public static ProportionalRope of(int headDim, double fraction) {
        RotaryEmbedding.of(headDim, Pairing.HALF_SPLIT);
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("fraction must be in (0, 1], got " + fraction);
        }
        int k = (int) Math.floor(fraction * headDim / 2);
        if (k < 1) {
            throw new IllegalArgumentException("fraction·headDim/2 must be at least 1 pair, got " + fraction + "·" + headDim + "/2");
        }
        return new ProportionalRope(headDim, k);
    }

    /** Returns the number {@code k} of pairs that turn. */
    public int rotatedPairs() {
        return rotatedPairs;
    }

    /** Returns Gemma 4's layout: half-split pairs over the whole head, these frequencies, the given base. */
    public RotaryEmbedding embedding(double base) {
        return RotaryEmbedding.of(headDim, Pairing.HALF_SPLIT).withBase(base).withScaling(this);
    }

    /**
     * Returns the same frequencies run through prefix partial rotary: the first {@code 2k} components
     * rotated as pairs {@code (i, i + k)} — equal cos/sin per pair, different pairs.
     */
    public RotaryEmbedding asPrefixPartial(double base) {
        return RotaryEmbedding.of(headDim, Pairing.HALF_SPLIT).withBase(base)
                .withRotaryFraction(2.0 * rotatedPairs / headDim).withScaling(this);
    }

    /** Returns {@code θ_i = base^(−2i/d)} for {@code i < k}, 0 for {@code k ≤ i < r/2}; needs {@code 2k ≤ r ≤ d}. */
    @Override
    public double[] thetas(double base, int rotaryDim, long sequenceLength) {
        double[] unscaled = RopeScaling.none().thetas(base, headDim, sequenceLength);
        if (rotaryDim % 2 != 0 || rotaryDim > headDim || rotaryDim < 2 * rotatedPairs) {
            throw new IllegalArgumentException("rotaryDim must be even, at most headDim = " + headDim + " and at least 2k = "
                    + 2 * rotatedPairs + ", got " + rotaryDim);
        }
        double[] t = new double[rotaryDim / 2];
        System.arraycopy(unscaled, 0, t, 0, rotatedPairs);
        return t;
    }

    @Override
    public String name() {
        return "proportional(d=" + headDim + ", k=" + rotatedPairs + ")";
    }

    @Override
    public String toString() {
        return name();
    }
}
