package org.ropelab.rope;

/**
 * A frequency schedule for {@link RotaryEmbedding}: how a length-extrapolation method changes the
 * per-pair frequencies {@code θ_i = base^(−2i/r)} and scales the rotated vectors. A schedule maps
 * {@code (base, r, L)} to the frequencies {@code θ'_0 … θ'_{r/2−1}} used for a sequence of length
 * {@code L} (schedules that do not depend on the length ignore it), and gives an attention factor
 * {@code a(L)} that multiplies both the cos and the sin table, as Hugging Face's
 * {@code attention_scaling} does (so a score q·k is scaled by {@code a²}). Implementations are
 * immutable and validate their parameters when built.
 *
 * <p>This interface is the one seam between the scaling methods and the rotation kernels: the
 * kernels only ever read {@link RotaryEmbedding#thetas(long)} and
 * {@link RotaryEmbedding#attentionFactor(long)}.
 */
public interface RopeScaling {
    /**
     * Returns the frequencies {@code θ'_i}, {@code 0 ≤ i < rotaryDim/2}, for a sequence of length
     * {@code sequenceLength ≥ 1}, given the schedule's unscaled base and the rotary dimension
     * {@code r} (even).
     */
    double[] thetas(double base, int rotaryDim, long sequenceLength);

    /** Returns the factor {@code a(L)} applied to both cos and sin for a sequence of length {@code L}; 1 when the method has none. */
    default double attentionFactor(long sequenceLength) {
        if (sequenceLength < 1) {
            throw new IllegalArgumentException("sequenceLength must be at least 1, got " + sequenceLength);
        }
        return 1;
    }

    /** Returns a short name with the parameters, e.g. {@code none} or {@code linear(s=4)}. */
    String name();

    /** Returns the unscaled RoFormer schedule: {@code θ_i = base^(−2i/r)} for every length, attention factor 1. */
    static RopeScaling none() {
        return Unscaled.INSTANCE;
    }

    /** The RoFormer frequencies, {@code θ_i = base^(−2i/r)}; its one instance is {@link #none()}. */
    final class Unscaled implements RopeScaling {
        private static final Unscaled INSTANCE = new Unscaled();

        private Unscaled() {
        }

        @Override
        public double[] thetas(double base, int rotaryDim, long sequenceLength) {
            if (!(base > 1) || Double.isInfinite(base)) {
                throw new IllegalArgumentException("base must be finite and greater than 1, got " + base);
            }
            if (rotaryDim < 2 || rotaryDim % 2 != 0) {
                throw new IllegalArgumentException("rotaryDim must be even and at least 2, got " + rotaryDim);
            }
            if (sequenceLength < 1) {
                throw new IllegalArgumentException("sequenceLength must be at least 1, got " + sequenceLength);
            }
            double[] t = new double[rotaryDim / 2];
            for (int i = 0; i < t.length; i++) {
                t[i] = Math.pow(base, -2.0 * i / rotaryDim);
            }
            return t;
        }

        @Override
        public String name() {
            return "none";
        }

        @Override
        public String toString() {
            return name();
        }
    }
}
