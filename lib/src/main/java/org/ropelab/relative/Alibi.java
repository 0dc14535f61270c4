package org.ropelab.relative;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ALiBi, attention with linear biases (Press, Smith and Lewis, "Train Short, Test Long", ICLR 2022): a
 * fixed, untrained bias added to the scores, {@code s_ij = q_i·k_j/√d − m_h·(i − j)} for keys {@code j ≤ i},
 * with one slope {@code m_h} per head.
 */
public final class Alibi {
    private Alibi() {
    }

    /**
     * Returns the head slopes {@code m_1 … m_H}. For {@code H} a power of two, {@code m_h = 2^(−8h/H)}.
     * Otherwise, with {@code n} the largest power of two below {@code H}: the {@code n} slopes
     * {@code 2^(−8h/n)}, then the first {@code H − n} slopes of the {@code 2n}-head sequence at odd
     * {@code h = 1, 3, 5, …}, i.e. {@code 2^(−4h/n)} (the rule of the paper's reference code).
     */
    public static double[] slopes(int heads) {
        if (heads < 1) {
            throw new IllegalArgumentException("heads must be at least 1, got " + heads);
        }
        int n = Integer.highestOneBit(heads);
        double[] m = new double[heads];
        for (int h = 1; h <= n; h++) {
            m[h - 1] = Math.pow(2, -8.0 * h / n);
        }
        for (int r = 0; r < heads - n; r++) {
            int h = 2 * r + 1;                        // odd heads of the 2n-head sequence
            m[n + r] = Math.pow(2, -8.0 * h / (2 * n));
        }
        return m;
    }

    /**
     * Returns the additive bias {@code [1, heads, seq, seq]}: {@code B_hij = −m_h·(i − j)} for {@code j ≤ i}.
     * Above the diagonal ({@code j > i}), which a causal mask blocks, it holds {@code −m_h·(j − i)}, so the
     * bias never rewards a key for its distance in either direction. Defined for any {@code seq}: no table.
     */
    public static INDArray bias(int heads, int seq) {
        if (seq < 1) {
            throw new IllegalArgumentException("seq must be at least 1, got " + seq);
        }
        double[] m = slopes(heads);
        double[] b = new double[Math.multiplyExact(heads, Math.multiplyExact(seq, seq))];
        for (int h = 0; h < heads; h++) {
            for (int i = 0; i < seq; i++) {
                for (int j = 0; j < seq; j++) {
                    b[(h * seq + i) * seq + j] = -m[h] * Math.abs(i - j);
                }
            }
        }
        return Nd4j.create(b, new long[] {1, heads, seq, seq}, DataType.DOUBLE);
    }
}
