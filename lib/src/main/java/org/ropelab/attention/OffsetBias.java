package org.ropelab.attention;

import java.util.Arrays;

/**
 * An additive score bias that depends only on the head and the offset {@code δ = i − j} of query
 * {@code i} and key {@code j}: {@code B[h, i, j] = b_h(i − j)}. ALiBi ({@link #linear}) and learned
 * relative biases ({@link #of}) have this form, so a tiled attention forward can add them without a
 * {@code seq × seq} array. One function for every head, or one per head. Immutable.
 */
public final class OffsetBias {
    private final double[] slopes;
    private final double[][] table;
    private final int reach;

    private OffsetBias(double[] slopes, double[][] table, int reach) {
        this.slopes = slopes;
        this.table = table;
        this.reach = reach;
    }

    /** Returns ALiBi's bias {@code b_h(δ) = −m_h·|δ|} for the head slopes {@code m_h} (finite, ≥ 0), at every offset. */
    public static OffsetBias linear(double[] slopes) {
        if (slopes == null || slopes.length == 0) {
            throw new IllegalArgumentException("slopes must hold one slope per head, got " + (slopes == null ? "null" : "none"));
        }
        for (int h = 0; h < slopes.length; h++) {
            if (!(slopes[h] >= 0) || Double.isInfinite(slopes[h])) {
                throw new IllegalArgumentException("slopes[" + h + "] must be finite and ≥ 0, got " + slopes[h]);
            }
        }
        return new OffsetBias(slopes.clone(), null, Integer.MAX_VALUE);
    }

    /**
     * Returns the bias with {@code b_h(δ) = byOffset[h][δ + R]} for {@code |δ| ≤ R}, each row of odd length
     * {@code 2R + 1} (finite values); offsets beyond {@code R} are rejected when the bias is used.
     */
    public static OffsetBias of(double[][] byOffset) {
        if (byOffset == null || byOffset.length == 0) {
            throw new IllegalArgumentException("byOffset must hold one row per head, got " + (byOffset == null ? "null" : "none"));
        }
        int length = byOffset[0] == null ? 0 : byOffset[0].length;
        double[][] copy = new double[byOffset.length][];
        for (int h = 0; h < byOffset.length; h++) {
            if (byOffset[h] == null || byOffset[h].length != length || length % 2 == 0) {
                throw new IllegalArgumentException("byOffset rows must all have the same odd length 2R + 1, got row " + h + " of length "
                        + (byOffset[h] == null ? "null" : byOffset[h].length) + " (row 0: " + length + ")");
            }
            for (int k = 0; k < length; k++) {
                if (!Double.isFinite(byOffset[h][k])) {
                    throw new IllegalArgumentException("byOffset[" + h + "][" + k + "] must be finite, got " + byOffset[h][k]);
                }
            }
            copy[h] = byOffset[h].clone();
        }
        return new OffsetBias(null, copy, length / 2);
    }

    /** Returns the number of heads it defines (1: shared by every head). */
    public int heads() {
        return slopes != null ? slopes.length : table.length;
    }

    /** Returns the largest offset {@code |δ|} it defines ({@link Integer#MAX_VALUE} for {@link #linear}). */
    public int reach() {
        return reach;
    }

    /** Returns {@code b_h(δ)} for head {@code h} (0 when the bias has one head for all) at offset {@code δ = i − j}, {@code |δ| ≤ reach()}. */
    public double at(int h, long offset) {
        if (h < 0 || h >= heads()) {
            throw new IllegalArgumentException("h must be in [0, " + heads() + "), got " + h);
        }
        if (Math.abs(offset) > reach) {
            throw new IllegalArgumentException("offset must be within ±" + reach + ", got " + offset);
        }
        return slopes != null ? -slopes[h] * Math.abs(offset) : table[h][(int) offset + reach];
    }

    @Override
    public String toString() {
        return slopes != null ? "OffsetBias.linear" + Arrays.toString(slopes) : "OffsetBias[" + heads() + " heads, |δ| ≤ " + reach + "]";
    }
}
