package org.ropelab.attention;

import java.util.Arrays;
import org.bytedeco.javacpp.DoublePointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Scaled dot-product attention over {@code [batch, heads, seq, d]} arrays in double precision:
 * {@code Attn(Q, K, V) = softmax(QKᵀ/√d + B + M)·V}, with an optional additive score bias {@code B}
 * (relative positions, ALiBi) and an additive mask {@code M} (0 where allowed, −∞ where blocked).
 */
public final class Attention {
    private Attention() {
    }

    /** Returns the scores {@code S = QKᵀ/√d}, {@code [b, h, sq, sk]}, of {@code q [b, h, sq, d]} and {@code k [b, h, sk, d]}. */
    public static INDArray scores(INDArray q, INDArray k) {
        requireRank4("q", q, "[batch, heads, seq, d]");
        requireRank4("k", k, "[batch, heads, seq, d]");
        if (q.size(0) != k.size(0) || q.size(1) != k.size(1) || q.size(3) != k.size(3)) {
            throw new IllegalArgumentException("q and k must agree in batch, heads and d, got q "
                    + shape(q) + " and k " + shape(k));
        }
        return Nd4j.matmul(doubles(q), doubles(k), false, true, false).divi(Math.sqrt(q.size(3)));
    }

    /**
     * Returns the attention weights {@code softmax(S + M)} over the last axis, computed stably as
     * {@code exp(s − max s) / Σ exp(s − max s)}; {@code mask} is additive and broadcastable to
     * {@code scores} (0 allowed, −∞ blocked), or {@code null} for none. The rows are computed one at a
     * time in plain loops over a {@code double[]}, read from and written back to a C-ordered copy of the scores.
     */
    public static INDArray weights(INDArray scores, INDArray mask) {
        requireRank4("scores", scores, "[batch, heads, seq_q, seq_k]");
        if (scores.size(3) == 0) {
            throw new IllegalArgumentException("scores must have at least one key (seq_k ≥ 1): a softmax over no keys is 0/0, got "
                    + shape(scores));
        }
        INDArray w = doubles(scores).dup('c');
        long[] shape = w.shape();
        long rows = shape[0] * shape[1] * shape[2];
        double[] row = new double[(int) shape[3]];
        DoublePointer data = new DoublePointer(w.data().pointer());
        for (long r = 0; r < rows; r++) {
            read(data, r, row);
            for (double x : row) {
                if (!(x < Double.POSITIVE_INFINITY)) {
                    throw new IllegalArgumentException("scores must be finite (or −∞ where blocked), got NaN or +∞ in " + shape(w));
                }
            }
        }
        MaskRows m = mask == null ? null : new MaskRows(mask, w);
        for (long r = 0; r < rows; r++) {
            read(data, r, row);
            if (m != null) {
                m.addTo(r, row);
            }
            softmax(row, r, shape);
            write(data, r, row);
        }
        return w;
    }

    /** Copies row {@code r} of the C-ordered array at {@code data}, rows of {@code row.length}, into {@code row}. */
    private static void read(DoublePointer data, long r, double[] row) {
        data.position(r * row.length).get(row, 0, row.length);
    }

    /** Copies {@code row} into row {@code r} of the C-ordered array at {@code data}. */
    private static void write(DoublePointer data, long r, double[] row) {
        data.position(r * row.length).put(row, 0, row.length);
    }

    /** Replaces row {@code r} of a {@code shape} array by {@code exp(s − max s) / Σ exp(s − max s)}, or names it if it is all −∞. */
    private static void softmax(double[] row, long r, long[] shape) {
        double max = Double.NEGATIVE_INFINITY;
        for (double x : row) {
            if (x > max) {
                max = x;
            }
        }
        if (max == Double.NEGATIVE_INFINITY) {
            long[] at = unravel(r, Arrays.copyOf(shape, 3));
            throw new IllegalArgumentException("row [batch " + at[0] + ", head " + at[1] + ", query " + at[2]
                    + "] is fully blocked by the mask: every key is −∞, so its softmax would be 0/0 = NaN");
        }
        double sum = 0;
        for (int j = 0; j < row.length; j++) {
            row[j] = row[j] == Double.NEGATIVE_INFINITY ? 0 : Math.exp(row[j] - max);    // exp(−∞) = 0, without the call
            sum += row[j];
        }
        for (int j = 0; j < row.length; j++) {
            row[j] /= sum;
        }
    }

    /**
     * A mask broadcastable to the scores, kept as its C-ordered values and one step per axis (0 along the
     * axes it is broadcast over): score {@code [b, h, i, j]} meets {@code values[b·step₀ + h·step₁ + i·step₂ + j·step₃]}.
     */
    private static final class MaskRows {
        private final double[] values;
        private final long[] step = new long[4];
        private final long[] shape;

        MaskRows(INDArray mask, INDArray scores) {
            long[] padded = requireBroadcastable("mask", mask, scores);
            values = doubles(mask).dup('c').data().asDouble();
            shape = scores.shape();
            long stride = 1;
            for (int a = 3; a >= 0; a--) {
                step[a] = padded[a] == 1 ? 0 : stride;
                stride *= padded[a];
            }
        }

        void addTo(long r, double[] row) {
            long[] at = unravel(r, Arrays.copyOf(shape, 3));
            int start = (int) (at[0] * step[0] + at[1] * step[1] + at[2] * step[2]);
            if (step[3] == 0) {
                for (int j = 0; j < row.length; j++) {
                    row[j] += values[start];
                }
            } else {
                for (int j = 0; j < row.length; j++) {
                    row[j] += values[start + j];
                }
            }
        }
    }

    /** Returns the outputs {@code W·V}, {@code [b, h, sq, dv]}, of {@code weights [b, h, sq, sk]} and {@code v [b, h, sk, dv]}. */
    public static INDArray output(INDArray weights, INDArray v) {
        requireRank4("weights", weights, "[batch, heads, seq_q, seq_k]");
        requireRank4("v", v, "[batch, heads, seq, dv]");
        if (weights.size(0) != v.size(0) || weights.size(1) != v.size(1) || weights.size(3) != v.size(2)) {
            throw new IllegalArgumentException("weights [b, h, sq, sk] and v [b, h, sk, dv] must agree in b, h and sk, got weights "
                    + shape(weights) + " and v " + shape(v));
        }
        return Nd4j.matmul(doubles(weights), doubles(v));
    }

    /**
     * Returns {@code softmax(QKᵀ/√d + B + M)·V}, {@code [b, h, sq, dv]}; {@code bias} (an additive score
     * bias broadcastable to the scores) and {@code mask} may be {@code null}.
     */
    public static INDArray attend(INDArray q, INDArray k, INDArray v, INDArray bias, INDArray mask) {
        INDArray s = scores(q, k);
        if (bias != null) {
            s.addi(broadcastable("bias", bias, s));
        }
        return output(weights(s, mask), v);
    }

    /** Returns the causal mask {@code [seq, seq]}: {@code M_ij = 0} for {@code j ≤ i}, {@code −∞} for {@code j > i}. */
    public static INDArray causalMask(int seq) {
        requirePositive("seq", seq);
        INDArray m = Nd4j.createUninitialized(DataType.DOUBLE, new long[] {seq, seq}, 'c');
        DoublePointer data = new DoublePointer(m.data().pointer());
        double[] row = new double[seq];
        Arrays.fill(row, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < seq; i++) {
            row[i] = 0;                                       // row i: 0 for j ≤ i, −∞ after
            write(data, i, row);
        }
        return m;
    }

    /**
     * Returns the padding mask {@code [b, 1, 1, seq]}: {@code M_b,j = 0} for {@code j < lengths[b]},
     * {@code −∞} for the padded keys {@code j ≥ lengths[b]}.
     */
    public static INDArray paddingMask(int[] lengths, int seq) {
        requirePositive("seq", seq);
        if (lengths == null || lengths.length == 0) {
            throw new IllegalArgumentException("lengths must name one length per batch row, got "
                    + (lengths == null ? "null" : "an empty array"));
        }
        INDArray m = Nd4j.zeros(DataType.DOUBLE, lengths.length, 1, 1, seq);
        for (int b = 0; b < lengths.length; b++) {
            if (lengths[b] < 1 || lengths[b] > seq) {
                throw new IllegalArgumentException("lengths[" + b + "] must be between 1 and seq = " + seq + ", got " + lengths[b]);
            }
            for (int j = lengths[b]; j < seq; j++) {
                m.putScalar(new long[] {b, 0, 0, j}, Double.NEGATIVE_INFINITY);
            }
        }
        return m;
    }

    /**
     * Returns the per-head projection {@code x·W} split into heads: {@code x [b, seq, dModel]} times
     * {@code w [dModel, heads·d]} gives {@code [b, heads, seq, d]}, head {@code h} taking columns {@code h·d .. h·d+d−1}.
     */
    public static INDArray project(INDArray x, INDArray w, int heads) {
        requirePositive("heads", heads);
        if (x == null || x.rank() != 3) {
            throw new IllegalArgumentException("x must be [batch, seq, dModel] (rank 3), got " + shape(x));
        }
        if (w == null || w.rank() != 2 || w.size(0) != x.size(2)) {
            throw new IllegalArgumentException("w must be [dModel, heads·d] with dModel = " + (x.size(2)) + ", got " + shape(w));
        }
        if (w.size(1) % heads != 0) {
            throw new IllegalArgumentException("w's " + w.size(1) + " columns must split evenly into heads = " + heads);
        }
        long b = x.size(0);
        long seq = x.size(1);
        long d = w.size(1) / heads;
        INDArray flat = doubles(x).reshape('c', b * seq, x.size(2)).mmul(doubles(w));   // [b·seq, heads·d]
        return flat.reshape('c', b, seq, heads, d).permute(0, 2, 1, 3).dup('c');
    }

    /**
     * Returns the scores of every head of {@code x} itself, {@code S_h = (x·W_q)_h (x·W_k)_hᵀ/√d}:
     * {@link #scores} of the {@link #project projections} of {@code x [b, seq, dModel]} by
     * {@code wq} and {@code wk} ({@code [dModel, heads·d]}), {@code [b, heads, seq, seq]}.
     */
    public static INDArray scores(INDArray x, INDArray wq, INDArray wk, int heads) {
        return scores(project(x, wq, heads), project(x, wk, heads));
    }

    private static INDArray broadcastable(String name, INDArray a, INDArray target) {
        return doubles(a).reshape(requireBroadcastable(name, a, target)).broadcast(target.shape());
    }

    /** Checks that {@code a} is broadcastable to {@code target} and finite or −∞; returns its shape padded with leading 1s to the target's rank. */
    private static long[] requireBroadcastable(String name, INDArray a, INDArray target) {
        long[] t = target.shape();
        long[] s = a.shape();
        boolean ok = s.length <= t.length;
        for (int i = 1; ok && i <= s.length; i++) {
            long si = s[s.length - i];
            ok = si == 1 || si == t[t.length - i];
        }
        if (!ok) {
            throw new IllegalArgumentException(name + " must be broadcastable to the scores " + shape(target) + ", got " + shape(a));
        }
        if (a.isNaN().any() || a.eq(Double.POSITIVE_INFINITY).any()) {
            throw new IllegalArgumentException(name + " must be finite or −∞, got NaN or +∞");
        }
        long[] padded = new long[t.length];
        Arrays.fill(padded, 1L);
        System.arraycopy(s, 0, padded, t.length - s.length, s.length);
        return padded;
    }

    private static long[] unravel(long index, long[] shape) {
        long[] at = new long[shape.length];
        for (int i = shape.length - 1; i >= 0; i--) {
            at[i] = index % shape[i];
            index /= shape[i];
        }
        return at;
    }

    private static INDArray doubles(INDArray a) {
        return a.dataType() == DataType.DOUBLE ? a : a.castTo(DataType.DOUBLE);
    }

    private static void requireRank4(String name, INDArray a, String layout) {
        if (a == null || a.rank() != 4) {
            throw new IllegalArgumentException(name + " must be " + layout + " (rank 4), got " + shape(a));
        }
    }

    private static void requirePositive(String name, int n) {
        if (n < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, got " + n);
        }
    }

    private static String shape(INDArray a) {
        return a == null ? "null" : Arrays.toString(a.shape());
    }
}
