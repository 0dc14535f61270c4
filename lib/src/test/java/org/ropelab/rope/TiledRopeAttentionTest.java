package org.ropelab.rope;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ropelab.attention.Attention;
import org.ropelab.attention.OffsetBias;
import org.ropelab.relative.Alibi;

/**
 * The RoPE-fused tiled forward against the explicit path (rotate with the tables, then {@link Attention#attend})
 * and against plain loops on vectors rotated by complex multiplication ({@link RotaryEmbedding#rotateByComplex}).
 */
class TiledRopeAttentionTest {
    private static final Random RNG = new Random(2424);

    @ParameterizedTest
    @CsvSource({"INTERLEAVED, DOUBLE, 1e-12", "HALF_SPLIT, DOUBLE, 1e-12", "INTERLEAVED, FLOAT, 3e-5", "HALF_SPLIT, FLOAT, 3e-5"})
    void matchesTheExplicitPath(Pairing pairing, DataType type, double tol) {
        int heads = 2;
        int seq = 97;
        RotaryEmbedding rope = RotaryEmbedding.of(16, pairing).withRotaryFraction(0.75);
        double[] positions = new double[seq];
        for (int s = 0; s < seq; s++) {
            positions[s] = 3 + 2 * s;
        }
        RotaryTables tables = rope.tables(positions, type);
        INDArray q = Nd4j.randn(DataType.DOUBLE, 2, heads, seq, 16).castTo(type);
        INDArray k = Nd4j.randn(DataType.DOUBLE, 2, heads, seq, 16).castTo(type);
        INDArray v = Nd4j.randn(DataType.DOUBLE, 2, heads, seq, 12).castTo(type);
        INDArray expected = Attention.attend(tables.apply(q), tables.apply(k), v, Alibi.bias(heads, seq), Attention.causalMask(seq));
        INDArray got = TiledRopeAttention.attend(tables, q, k, v, OffsetBias.linear(Alibi.slopes(heads)), null);
        double diff = expected.sub(got.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
        assertTrue(diff <= tol, "max |tiled − explicit| = " + diff + " > " + tol);
    }

    /** Grouped-query heads and padding against loops over vectors rotated as complex numbers. */
    @Test
    void matchesComplexRotationInPlainLoops() {
        int hq = 4;
        int hkv = 2;
        int seq = 70;
        int d = 8;
        RotaryEmbedding rope = RotaryEmbedding.of(d, Pairing.INTERLEAVED);
        double[] positions = new double[seq];
        for (int s = 0; s < seq; s++) {
            positions[s] = s;
        }
        double[][][] q = new double[hq][seq][d];
        double[][][] k = new double[hkv][seq][d];
        double[][][] v = new double[hkv][seq][d];
        for (double[][][] t : new double[][][][] {q, k, v}) {
            for (double[][] h : t) {
                for (double[] row : h) {
                    for (int c = 0; c < d; c++) {
                        row[c] = RNG.nextGaussian();
                    }
                }
            }
        }
        int length = 50;
        INDArray got = TiledRopeAttention.attend(rope.tables(positions, DataType.DOUBLE), Nd4j.create(new double[][][][] {q}),
                Nd4j.create(new double[][][][] {k}), Nd4j.create(new double[][][][] {v}), null, new int[] {length});
        double worst = 0;
        for (int h = 0; h < hq; h++) {
            int g = h / (hq / hkv);
            for (int i = 0; i < seq; i++) {
                double[] qi = rope.rotateByComplex(q[h][i], positions[i]);
                double[] s = new double[Math.min(i + 1, length)];
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < s.length; j++) {
                    double[] kj = rope.rotateByComplex(k[g][j], positions[j]);
                    for (int c = 0; c < d; c++) {
                        s[j] += qi[c] * kj[c] / Math.sqrt(d);
                    }
                    max = Math.max(max, s[j]);
                }
                double total = 0;
                for (int j = 0; j < s.length; j++) {
                    s[j] = Math.exp(s[j] - max);
                    total += s[j];
                }
                for (int c = 0; c < d; c++) {
                    double expected = 0;
                    for (int j = 0; j < s.length; j++) {
                        expected += s[j] / total * v[g][j][c];
                    }
                    worst = Math.max(worst, Math.abs(expected - got.getDouble(0, h, i, c)));
                }
            }
        }
        assertTrue(worst <= 1e-12, "max |tiled − loops| = " + worst);
    }

    /** The embedding reuses its last tables for equal positions (a copy of the array), and rebuilds for others. */
    @Test
    void reusesTablesForEqualPositions() {
        RotaryEmbedding rope = RotaryEmbedding.of(8, Pairing.HALF_SPLIT);
        double[] positions = {0, 1, 2, 5};
        RotaryTables first = rope.tables(positions, DataType.FLOAT);
        assertSame(first, rope.tables(positions.clone(), DataType.FLOAT));
        positions[3] = 6;                                   // the caller changes its array: the tables must not follow
        RotaryTables changed = rope.tables(positions, DataType.FLOAT);
        assertNotSame(first, changed);
        assertTrue(Math.abs(changed.cos(3, 0) - Math.cos(6)) < 1e-7, "cos(6·θ₀) from rebuilt tables");
        assertNotSame(changed, rope.tables(positions, DataType.DOUBLE));
    }
}
