package org.ropelab.rope;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Linear attention with RoPE (RoFormer, Su et al. 2021, eq. 19): with the non-negative feature map
 * {@code φ(x) = elu(x) + 1}, the output at position {@code m} is
 * {@code o_m = Σ_n (R_m φ(q_m))ᵀ(R_n φ(k_n))·v_n / Σ_n φ(q_m)ᵀφ(k_n)}: the rotation acts in the
 * numerator only, the normaliser stays unrotated (so it is positive). The sums run over every key
 * (bidirectional) or over {@code n ≤ m} (causal). Tensors are {@code [batch, heads, seq, d]} for
 * {@code q, k} and {@code [batch, heads, seq, dv]} for {@code v}; the sequence index {@code s} sits at
 * position {@code positions[s]}. Static methods only.
 */
public final class LinearAttention {
    private LinearAttention() {
    }

    /** Returns {@code φ(x) = elu(x) + 1} element-wise: {@code x + 1} for {@code x > 0}, {@code e^x} otherwise. */
    public static INDArray featureMap(INDArray x) {
        if (x == null) {
            throw new IllegalArgumentException("x must be a tensor, got null");
        }
        if (x.isNaN().any() || x.isInfinite().any()) {
            throw new IllegalArgumentException("x must hold finite values, got NaN or ±∞ in " + java.util.Arrays.toString(x.shape()));
        }
        return Transforms.elu(x, true).addi(1);
    }

    /**
     * Returns the "weights" {@code a_mn = (R_m φ(q_m))ᵀ(R_n φ(k_n)) / Σ_{n'} φ(q_m)ᵀφ(k_{n'})},
     * {@code [batch, heads, seq, seq]} (0 above the diagonal when causal), so that the output is
     * {@code Σ_n a_mn v_n}. Unlike softmax weights they can be negative and need not add up to 1.
     */
    public static INDArray weights(INDArray q, INDArray k, RotaryEmbedding rope, double[] positions, boolean causal) {
        requireInputs(q, k, rope, positions);
        INDArray fq = featureMap(q);
        INDArray fk = featureMap(k);
        INDArray numerator = Nd4j.matmul(rope.apply(fq, positions), rope.apply(fk, positions), false, true, false); // [b, h, s, s]
        INDArray plain = Nd4j.matmul(fq, fk, false, true, false);                                                  // [b, h, s, s]
        if (causal) {
            int seq = positions.length;
            double[] ones = new double[Math.multiplyExact(seq, seq)];
            for (int i = 0; i < seq; i++) {
                Arrays.fill(ones, i * seq, i * seq + i + 1, 1.0);     // j ≤ i
            }
            INDArray lower = Nd4j.create(ones, new long[] {seq, seq}, DataType.DOUBLE);
            INDArray mask = lower.castTo(q.dataType()).reshape(1, 1, seq, seq).broadcast(numerator.shape());
            numerator.muli(mask);
            plain.muli(mask);
        }
        INDArray normaliser = plain.sum(true, 3);                                                                  // [b, h, s, 1]
        return numerator.divi(normaliser.broadcast(numerator.shape()));
    }

    /** Returns {@code o_m = Σ_n a_mn v_n}, {@code [batch, heads, seq, dv]}: the direct, quadratic evaluation through {@link #weights}. */
    public static INDArray quadratic(INDArray q, INDArray k, INDArray v, RotaryEmbedding rope, double[] positions, boolean causal) {
        requireInputs(q, k, rope, positions);
        requireValues(q, v);
        return Nd4j.matmul(weights(q, k, rope, positions, causal), v);
    }

    /**
     * Returns the same output in time linear in the sequence length: with {@code K_n = R_n φ(k_n)},
     * the sums {@code U = Σ_n K_n v_nᵀ} ({@code [d, dv]}) and {@code z = Σ_n φ(k_n)} ({@code [d]}) — one
     * of each when bidirectional, prefix (running) sums over {@code n ≤ m} when causal — give
     * {@code o_m = (R_m φ(q_m))ᵀ U / φ(q_m)ᵀ z}.
     */
    public static INDArray linear(INDArray q, INDArray k, INDArray v, RotaryEmbedding rope, double[] positions, boolean causal) {
        requireInputs(q, k, rope, positions);
        requireValues(q, v);
        long b = q.size(0), h = q.size(1), seq = q.size(2), d = q.size(3), dv = v.size(3);
        INDArray fq = featureMap(q);
        INDArray fk = featureMap(k);
        INDArray rq = rope.apply(fq, positions);
        INDArray rk = rope.apply(fk, positions);
        if (!causal) {
            INDArray u = Nd4j.matmul(rk, v, true, false, false);                  // [b, h, d, dv]
            INDArray z = fk.sum(true, 2);                                          // [b, h, 1, d]
            INDArray num = Nd4j.matmul(rq, u);                                     // [b, h, s, dv]
            INDArray den = Nd4j.matmul(fq, z, false, true, false);                // [b, h, s, 1]
            return num.div(den.broadcast(b, h, seq, dv));
        }
        long rows = b * h * seq;
        INDArray outer = Nd4j.matmul(rk.reshape('c', rows, d, 1), v.reshape('c', rows, 1, dv)); // K_n v_nᵀ  [b·h·s, d, dv]
        INDArray u = outer.reshape('c', b, h, seq, d * dv).cumsum(2).reshape('c', rows, d, dv); // U_m = Σ_{n≤m}
        INDArray z = fk.cumsum(2);                                                            // z_m = Σ_{n≤m} φ(k_n)  [b, h, s, d]
        INDArray num = Nd4j.matmul(rq.reshape('c', rows, 1, d), u).reshape('c', b, h, seq, dv);   // [b, h, s, dv]
        INDArray den = fq.mul(z).sum(true, 3);                                                // [b, h, s, 1]
        return num.div(den.broadcast(b, h, seq, dv));
    }

    private static void requireInputs(INDArray q, INDArray k, RotaryEmbedding rope, double[] positions) {
        if (rope == null) {
            throw new IllegalArgumentException("rope must be a RotaryEmbedding, got null");
        }
        if (q == null || q.rank() != 4 || q.size(3) != rope.dim()) {
            throw new IllegalArgumentException("q must be [batch, heads, seq, d] with d = " + rope.dim() + ", got "
                    + (q == null ? "null" : Arrays.toString(q.shape())));
        }
        if (k == null || !Arrays.equals(k.shape(), q.shape())) {
            throw new IllegalArgumentException("k must have q's shape " + Arrays.toString(q.shape()) + ", got "
                    + (k == null ? "null" : Arrays.toString(k.shape())));
        }
        requirePositions(q, positions);
    }

    private static void requireValues(INDArray q, INDArray v) {
        if (v == null || (v.rank() != 4 || v.size(0) != q.size(0) || v.size(1) != q.size(1) || v.size(2) != q.size(2))) {
            throw new IllegalArgumentException("v must be [batch, heads, seq, dv] = [" + q.size(0) + ", " + q.size(1) + ", "
                    + q.size(2) + ", dv], got " + (v == null ? "null" : Arrays.toString(v.shape())));
        }
    }

    private static void requirePositions(INDArray q, double[] positions) {
        if (positions == null || positions.length != q.size(2)) {
            throw new IllegalArgumentException("positions must have one entry per sequence index, seq = " + q.size(2) + ", got "
                    + (positions == null ? "null" : positions.length));
        }
    }
}
