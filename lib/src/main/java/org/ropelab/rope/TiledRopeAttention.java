package org.ropelab.rope;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.ropelab.attention.OffsetBias;
import org.ropelab.attention.TiledAttention;

/**
 * RoPE attention without the {@code seq × seq} scores: {@code softmax((R_i q_i)·(R_j k_j)/√d + B + M)·V}
 * with the rotation applied to every query and key row as the tiled forward ({@link TiledAttention},
 * FlashAttention-2's schedule, online softmax) reads it; causal ({@code j ≤ i}) unless asked otherwise,
 * optional {@link OffsetBias} and key padding, grouped-query heads. The same numbers as
 * {@code Attention.attend(tables.apply(q), tables.apply(k), v, bias, mask)} up to rounding, in memory
 * proportional to {@code seq}.
 */
public final class TiledRopeAttention {
    private TiledRopeAttention() {
    }

    /**
     * Returns the causal forward of {@code q [b, hq, seq, d]}, {@code k, v [b, hkv, seq, ·]} rotated by
     * {@code tables} (of {@code seq} positions, in their type); {@code bias} and {@code lengths} may be null.
     */
    public static INDArray attend(RotaryTables tables, INDArray q, INDArray k, INDArray v, OffsetBias bias, int[] lengths) {
        return attend(tables, q, k, v, true, bias, lengths);
    }

    /** As {@link #attend(RotaryTables, INDArray, INDArray, INDArray, OffsetBias, int[])}, causal or not. */
    public static INDArray attend(RotaryTables tables, INDArray q, INDArray k, INDArray v, boolean causal, OffsetBias bias,
                                  int[] lengths) {
        if (tables == null) {
            throw new IllegalArgumentException("tables must be RotaryTables, got null");
        }
        for (INDArray a : new INDArray[] {q, k}) {
            if (a == null || a.rank() != 4 || a.size(2) != tables.seq() || a.size(3) != tables.rope().dim()
                    || a.dataType() != tables.type()) {
                throw new IllegalArgumentException((a == q ? "q" : "k") + " must be [batch, heads, seq, d] with seq = " + tables.seq()
                        + ", d = " + tables.rope().dim() + " and type " + tables.type() + " like the tables, got "
                        + (a == null ? "null" : Arrays.toString(a.shape()) + " " + a.dataType()));
            }
        }
        return TiledAttention.attend(q, k, v, causal, bias, lengths, new TiledAttention.RowMap() {
            @Override
            public void map(float[] row, int at, int s) {
                tables.rotate(row, at, s);
            }

            @Override
            public void map(double[] row, int at, int s) {
                tables.rotate(row, at, s);
            }
        });
    }
}
