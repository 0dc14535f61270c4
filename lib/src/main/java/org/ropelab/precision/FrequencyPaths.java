package org.ropelab.precision;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.ropelab.rope.RopeScaling;
import org.ropelab.rope.RotaryEmbedding;

/**
 * Float paths by which code builds RoPE's frequencies and re-rotates cached keys, each operation
 * rounded to a {@link NumberFormat} (the elementary functions correctly rounded, as a double result
 * rounded once). Every path here looks correct and equals {@code θ_i = base^(−2i/r)} in exact
 * arithmetic; they differ only in how rounding errors enter and accumulate.
 */
public final class FrequencyPaths {
    private FrequencyPaths() {
    }

    /**
     * Returns the schedule of Hugging Face's float32 expression {@code 1.0 / base ** (arange(0, r, 2) / r)}:
     * {@code θ_i = f(1 / f(base^{f(2i/r)}))}, three roundings to {@code f} per frequency.
     */
    public static RopeScaling byPower(NumberFormat f) {
        requireFormat(f);
        return new Path("power", f, (base, r) -> {
            double[] t = new double[r / 2];
            for (int i = 0; i < t.length; i++) {
                t[i] = f.round(1 / f.round(Math.pow(base, f.round(2.0 * i / r))));
            }
            return t;
        });
    }

    /**
     * Returns the schedule of a recurrence as CPU kernels write it: {@code s = f(base^{f(−2/r)})},
     * {@code θ_0 = 1}, {@code θ_{i+1} = f(θ_i·s)}; the error in {@code s} and one rounding per step
     * accumulate along the pairs.
     */
    public static RopeScaling byRecurrence(NumberFormat f) {
        requireFormat(f);
        return new Path("recurrence", f, (base, r) -> {
            double s = f.round(Math.pow(base, f.round(-2.0 / r)));
            double[] t = new double[r / 2];
            t[0] = 1;
            for (int i = 1; i < t.length; i++) {
                t[i] = f.round(t[i - 1] * s);
            }
            return t;
        });
    }

    /**
     * Returns cached keys {@code [batch, heads, seq, d]} shifted {@code times ≥ 1} times by
     * {@code delta} positions, each shift {@code k ← f(R_delta·k)} through {@code rope.apply} and
     * stored back in {@code f} (a KV cache's context shift repeated).
     */
    public static INDArray shiftRepeatedly(RotaryEmbedding rope, NumberFormat f, INDArray keys, double delta, int times) {
        requireFormat(f);
        if (rope == null || keys == null || keys.rank() != 4) {
            throw new IllegalArgumentException("rope and keys [batch, heads, seq, d] must be given, got " + rope + ", "
                    + (keys == null ? "null" : Arrays.toString(keys.shape())));
        }
        if (times < 1 || !Double.isFinite(delta)) {
            throw new IllegalArgumentException("times must be at least 1 and delta finite, got " + times + ", " + delta);
        }
        double[] shift = new double[(int) keys.size(2)];
        Arrays.fill(shift, delta);
        INDArray k = f.round(keys);
        for (int n = 0; n < times; n++) {
            k = f.round(rope.apply(k, shift));
        }
        return k;
    }

    private static void requireFormat(NumberFormat f) {
        if (f == null) {
            throw new IllegalArgumentException("f must be a NumberFormat, got null");
        }
    }

    private interface Builder {
        double[] build(double base, int rotaryDim);
    }

    /** A schedule built by one float path; attention factor 1. */
    private record Path(String kind, NumberFormat format, Builder builder) implements RopeScaling {
        @Override
        public double[] thetas(double base, int rotaryDim, long sequenceLength) {
            RopeScaling.none().thetas(base, rotaryDim, sequenceLength);
            return builder.build(base, rotaryDim);
        }

        @Override
        public String name() {
            return kind + "(" + format.name().toLowerCase(java.util.Locale.ROOT) + ")";
        }

        @Override
        public String toString() {
            return name();
        }
    }
}
