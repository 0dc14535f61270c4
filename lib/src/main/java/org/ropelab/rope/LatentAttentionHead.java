package org.ropelab.rope;

import java.util.Random;
import org.ropelab.geometry.Matrices;

/**
 * One head of multi-head latent attention (DeepSeek-V2/V3's MLA) with decoupled RoPE. A key is
 * cached as a latent vector {@code c_m} (width {@code latent}); its content part is
 * {@code k_C = W_UK·c_m} and the query's is {@code q_C = W_QC·x_n}, neither rotated. Position enters
 * only through a separate pair of width {@code r}: {@code q_R = R_n·W_QR·x_n} and a key
 * {@code k_R = R_m·W_KR·x_m} shared by all heads. The score
 * {@code q_C·k_C + q_R·k_R = x_nᵀ(W_QCᵀW_UK)c_m + q_R·k_R} lets {@code W_QCᵀW_UK} be multiplied out
 * once ("absorbed"). Rotating the content part instead would put {@code W_QCᵀ R_{m−n} W_UK} between
 * query and latent, a matrix that changes with the offset. Immutable; weights Gaussian with
 * standard deviation {@code 1/√fan-in}.
 */
public final class LatentAttentionHead {
    private final double[][] wqContent;
    private final double[][] wqRope;
    private final double[][] wUk;
    private final double[][] wkRope;
    private final double[][] absorbed;
    private final RotaryEmbedding contentRope;
    private final RotaryEmbedding rope;

    private LatentAttentionHead(double[][] wqContent, double[][] wqRope, double[][] wUk, double[][] wkRope, Pairing pairing) {
        this.wqContent = wqContent;
        this.wqRope = wqRope;
        this.wUk = wUk;
        this.wkRope = wkRope;
        this.absorbed = Matrices.multiply(Matrices.transpose(wqContent), wUk);
        this.contentRope = RotaryEmbedding.of(wUk.length, pairing);
        this.rope = RotaryEmbedding.of(wqRope.length, pairing);
    }

    /**
     * Returns a head with random weights for hidden width {@code hidden ≥ 1}, latent width
     * {@code latent ≥ 1}, content width {@code contentDim} and RoPE width {@code ropeDim} (both even,
     * at least 2), pairs laid out by {@code pairing}, base 10000.
     */
    public static LatentAttentionHead random(int hidden, int latent, int contentDim, int ropeDim, Pairing pairing, Random rng) {
        if (hidden < 1 || latent < 1) {
            throw new IllegalArgumentException("hidden and latent must be at least 1, got " + hidden + ", " + latent);
        }
        RotaryEmbedding.of(contentDim, Pairing.INTERLEAVED);
        RotaryEmbedding.of(ropeDim, Pairing.INTERLEAVED);
        if (pairing == null || rng == null) {
            throw new IllegalArgumentException("pairing and rng must be given, got " + pairing + ", " + rng);
        }
        return new LatentAttentionHead(scaled(contentDim, hidden, rng), scaled(ropeDim, hidden, rng),
                scaled(contentDim, latent, rng), scaled(ropeDim, hidden, rng), pairing);
    }

    /** Returns the explicit decoupled score {@code (W_QC x_n)·(W_UK c_m) + (R_n W_QR x_n)·(R_m W_KR x_m)}. */
    public double score(double[] query, double queryPosition, double[] latent, double[] key, double keyPosition) {
        check(query, latent, key);
        return Matrices.dot(Matrices.apply(wqContent, query), Matrices.apply(wUk, latent))
                + ropePart(query, queryPosition, key, keyPosition);
    }

    /** Returns the same score with the content product absorbed: {@code (x_nᵀ·W_QCᵀW_UK)·c_m + (R_n W_QR x_n)·(R_m W_KR x_m)}. */
    public double absorbedScore(double[] query, double queryPosition, double[] latent, double[] key, double keyPosition) {
        check(query, latent, key);
        return Matrices.dot(Matrices.times(query, absorbed), latent) + ropePart(query, queryPosition, key, keyPosition);
    }

    /** Returns the score if RoPE rotated the content part instead: {@code (R_n W_QC x_n)·(R_m W_UK c_m)}. */
    public double coupledScore(double[] query, double queryPosition, double[] latent, double keyPosition) {
        check(query, latent, new double[wkRope[0].length]);
        return Matrices.dot(contentRope.rotate(Matrices.apply(wqContent, query), queryPosition),
                contentRope.rotate(Matrices.apply(wUk, latent), keyPosition));
    }

    /** Returns {@code W_QCᵀ R_Δ W_UK} ({@code hidden × latent}): the matrix a coupled head would need to absorb at offset {@code Δ = m − n}. */
    public double[][] coupledMatrix(double offset) {
        if (!Double.isFinite(offset)) {
            throw new IllegalArgumentException("offset must be finite, got " + offset);
        }
        return Matrices.multiply(Matrices.transpose(wqContent), Matrices.multiply(contentRope.matrix(offset), wUk));
    }

    /** Returns {@code W_QCᵀ W_UK}, the absorbed matrix of the decoupled head. */
    public double[][] absorbedMatrix() {
        return Matrices.multiply(Matrices.transpose(wqContent), wUk);
    }

    private double ropePart(double[] query, double n, double[] key, double m) {
        return Matrices.dot(rope.rotate(Matrices.apply(wqRope, query), n), rope.rotate(Matrices.apply(wkRope, key), m));
    }

    private void check(double[] query, double[] latent, double[] key) {
        int hidden = wqContent[0].length;
        if (query == null || query.length != hidden || key == null || key.length != hidden) {
            throw new IllegalArgumentException("query and key must have hidden = " + hidden + " components, got "
                    + (query == null ? "null" : query.length) + ", " + (key == null ? "null" : key.length));
        }
        if (latent == null || latent.length != wUk[0].length) {
            throw new IllegalArgumentException("latent must have " + wUk[0].length + " components, got "
                    + (latent == null ? "null" : latent.length));
        }
    }

    private static double[][] scaled(int rows, int cols, Random rng) {
        double[][] w = Matrices.gaussian(rows, cols, rng);
        double s = 1 / Math.sqrt(cols);
        for (double[] row : w) {
            for (int j = 0; j < row.length; j++) {
                row[j] *= s;
            }
        }
        return w;
    }
}
