package org.ropelab;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

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
     * {@code scores} (0 allowed, −∞ blocked), or {@code null} for none.
     */
    public static INDArray weights(INDArray scores, INDArray mask) {
        requireRank4("scores", scores, "[batch, heads, seq_q, seq_k]");
        INDArray s = doubles(scores).dup();
        if (s.isNaN().any() || s.eq(Double.POSITIVE_INFINITY).any()) {
            throw new IllegalArgumentException("scores must be finite (or −∞ where blocked), got NaN or +∞ in " + shape(s));
        }
        if (mask != null) {
            s.addi(broadcastable("mask", mask, s));
        }
        INDArray max = s.max(true, 3);
        long[] blocked = firstIndexOf(max, Double.NEGATIVE_INFINITY);
        if (blocked != null) {
            throw new IllegalArgumentException("row [batch " + blocked[0] + ", head " + blocked[1] + ", query " + blocked[2]
                    + "] is fully blocked by the mask: every key is −∞, so its softmax would be 0/0 = NaN");
        }
        INDArray e = Transforms.exp(s.subi(max), false);
        return e.divi(e.sum(true, 3));
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
        INDArray m = Nd4j.zeros(DataType.DOUBLE, seq, seq);
        for (int i = 0; i < seq; i++) {
            for (int j = i + 1; j < seq; j++) {
                m.putScalar(i, j, Double.NEGATIVE_INFINITY);
            }
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
        return doubles(a).reshape(padded).broadcast(t);
    }

    private static long[] firstIndexOf(INDArray a, double value) {
        if (!a.eq(value).any()) {
            return null;
        }
        INDArray flat = a.reshape(a.length());
        long i = 0;
        while (flat.getDouble(i) != value) {
            i++;
        }
        return unravel(i, a.shape());
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
