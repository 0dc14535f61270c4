package org.ropelab.rope;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.ropelab.attention.Attention;

/**
 * Self-attention with rotary position embedding, in double precision: project {@code x} to q, k, v
 * per head; rotate q and k to their positions; score {@code q_m·k_n/√d}; softmax (optionally causal);
 * weight the values. {@code Attn = softmax(R_m W_q x_m · R_n W_k x_n / √d + M)·W_v x}, the score of
 * a pair depending on its positions only through {@code n − m}. Immutable; built on {@link Attention}
 * ({@link #steps}, every array) and {@link TiledRopeAttention} ({@link #apply}, the output only).
 */
public final class RopeAttention {
    private final RotaryEmbedding rope;
    private final INDArray wq;
    private final INDArray wk;
    private final INDArray wv;
    private final int heads;

    /** Every intermediate array of one forward pass, in the order they are computed. */
    public record Steps(INDArray q, INDArray k, INDArray v, INDArray qRotated, INDArray kRotated,
                        INDArray scores, INDArray weights, INDArray output) {
    }

    private RopeAttention(RotaryEmbedding rope, INDArray wq, INDArray wk, INDArray wv, int heads) {
        this.rope = rope;
        this.wq = wq;
        this.wk = wk;
        this.wv = wv;
        this.heads = heads;
    }

    /**
     * Returns RoPE attention with projections {@code wq, wk [dModel, heads·d]} ({@code d = rope.dim()})
     * and {@code wv [dModel, heads·dv]}; the weights are copied.
     */
    public static RopeAttention of(RotaryEmbedding rope, INDArray wq, INDArray wk, INDArray wv, int heads) {
        if (rope == null) {
            throw new IllegalArgumentException("rope must be a RotaryEmbedding, got null");
        }
        if (heads < 1) {
            throw new IllegalArgumentException("heads must be at least 1, got " + heads);
        }
        long qkColumns = (long) heads * rope.dim();
        requireProjection("wq", wq, qkColumns);
        requireProjection("wk", wk, qkColumns);
        if (wv == null || wv.rank() != 2 || wv.size(0) != wq.size(0) || wv.size(1) % heads != 0) {
            throw new IllegalArgumentException("wv must be [dModel, heads·dv] with dModel = " + wq.size(0) + " and columns divisible by heads = "
                    + heads + ", got " + shape(wv));
        }
        if (wk.size(0) != wq.size(0)) {
            throw new IllegalArgumentException("wq and wk must have the same dModel rows, got " + shape(wq) + " and " + shape(wk));
        }
        return new RopeAttention(rope, doubles(wq), doubles(wk), doubles(wv), heads);
    }

    /** Returns the rotary embedding. */
    public RotaryEmbedding rope() {
        return rope;
    }

    /** Returns the number of heads. */
    public int heads() {
        return heads;
    }

    /**
     * Returns every step for {@code x [batch, seq, dModel]} at {@code positions} (one per sequence
     * index, any finite values): q, k, v {@code [b, h, seq, d]}; the rotated q, k; the scores and
     * weights {@code [b, h, seq, seq]}; the output {@code [b, h, seq, dv]}. With {@code causal}, query
     * {@code i} sees keys {@code j ≤ i} only.
     */
    public Steps steps(INDArray x, double[] positions, boolean causal) {
        requireInput(x, positions);
        INDArray q = Attention.project(x, wq, heads);
        INDArray k = Attention.project(x, wk, heads);
        INDArray v = Attention.project(x, wv, heads);
        RotaryTables tables = rope.tables(positions, q.dataType());       // one set of tables for q and k
        INDArray qRotated = tables.apply(q);
        INDArray kRotated = tables.apply(k);
        INDArray scores = Attention.scores(qRotated, kRotated);
        INDArray weights = Attention.weights(scores, causal ? Attention.causalMask(positions.length) : null);
        INDArray output = Attention.output(weights, v);
        return new Steps(q, k, v, qRotated, kRotated, scores, weights, output);
    }

    /**
     * Returns the attention output {@code [b, h, seq, dv]} of {@link #steps}, computed without the scores and
     * weights: the tiled forward ({@link TiledRopeAttention}) on the projections, in memory proportional to seq.
     */
    public INDArray apply(INDArray x, double[] positions, boolean causal) {
        requireInput(x, positions);
        INDArray q = Attention.project(x, wq, heads);
        return TiledRopeAttention.attend(rope.tables(positions, q.dataType()), q, Attention.project(x, wk, heads),
                Attention.project(x, wv, heads), causal, null, null);
    }

    private void requireInput(INDArray x, double[] positions) {
        if (x == null || x.rank() != 3 || x.size(2) != wq.size(0)) {
            throw new IllegalArgumentException("x must be [batch, seq, dModel] with dModel = " + wq.size(0) + ", got " + shape(x));
        }
        if (positions == null || positions.length != x.size(1)) {
            throw new IllegalArgumentException("positions must have one entry per sequence index, seq = " + x.size(1) + ", got "
                    + (positions == null ? "null" : positions.length));
        }
    }

    private static void requireProjection(String name, INDArray w, long columns) {
        if (w == null || w.rank() != 2 || w.size(1) != columns) {
            throw new IllegalArgumentException(name + " must be [dModel, heads·d] = [dModel, " + columns + "], got " + shape(w));
        }
    }

    private static INDArray doubles(INDArray a) {
        return a.castTo(DataType.DOUBLE).dup();
    }

    private static String shape(INDArray a) {
        return a == null ? "null" : Arrays.toString(a.shape());
    }
}
