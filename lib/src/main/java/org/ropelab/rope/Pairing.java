package org.ropelab.rope;

/**
 * Which components of a head vector RoPE turns together as one 2-D pair. Both conventions turn pair
 * {@code i} by {@code m·θ_i}, its first member playing the real part and its second the imaginary
 * part; they differ only in where the pair sits among the {@code r} rotated components.
 */
public enum Pairing {
    /** Pair {@code i} is {@code (2i, 2i+1)}: the RoFormer paper and Meta's Llama code. {@code rot(x) = (−x₁, x₀, −x₃, x₂, …)}. */
    INTERLEAVED,
    /** Pair {@code i} is {@code (i, i + r/2)}: "rotate half", Hugging Face and GPT-NeoX. {@code rot(x) = (−x_{r/2..r−1}, x_{0..r/2−1})}. */
    HALF_SPLIT;

    /** Returns the indices {@code {a, b}} of pair {@code i} among {@code rotaryDim} rotated components. */
    public int[] members(int i, int rotaryDim) {
        requireRotaryDim(rotaryDim);
        if (i < 0 || i >= rotaryDim / 2) {
            throw new IllegalArgumentException("pair index i must be in [0, " + (rotaryDim / 2) + "), got " + i);
        }
        return this == INTERLEAVED ? new int[] {2 * i, 2 * i + 1} : new int[] {i, i + rotaryDim / 2};
    }

    /**
     * Returns the permutation {@code p} of {@code d} components that moves every pair from this layout
     * to {@code target}'s: {@code y_j = x_{p[j]}} puts pair {@code i}'s members where {@code target}
     * expects them and leaves the unrotated components {@code j ≥ rotaryDim} in place. Applied to
     * both q and k it turns this pairing's rotation into {@code target}'s, {@code rot_target(Px) = P·rot_this(x)},
     * and keeps every dot product, so scores agree.
     */
    public int[] permutationTo(Pairing target, int rotaryDim, int d) {
        requireRotaryDim(rotaryDim);
        if (d < rotaryDim) {
            throw new IllegalArgumentException("d must be at least rotaryDim = " + rotaryDim + ", got " + d);
        }
        int[] p = new int[d];
        for (int j = rotaryDim; j < d; j++) {
            p[j] = j;
        }
        for (int i = 0; i < rotaryDim / 2; i++) {
            int[] from = members(i, rotaryDim);
            int[] to = target.members(i, rotaryDim);
            p[to[0]] = from[0];
            p[to[1]] = from[1];
        }
        return p;
    }

    private static void requireRotaryDim(int rotaryDim) {
        if (rotaryDim < 2 || rotaryDim % 2 != 0) {
            throw new IllegalArgumentException("rotaryDim must be even and at least 2, got " + rotaryDim);
        }
    }
}
