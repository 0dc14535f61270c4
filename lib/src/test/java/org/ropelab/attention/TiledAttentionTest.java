package org.ropelab.attention;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ropelab.relative.Alibi;

/** The tiled forward against plain loops ({@link AttentionReference}) and against {@link Attention#attend}. */
class TiledAttentionTest {
    private static final Random RNG = new Random(24);

    /**
     * Grouped-query heads, ALiBi, key padding, causal, sizes that are not multiples of a block or a tile, against
     * plain loops that write the same sum with the heads repeated and the bias from its formula.
     */
    @ParameterizedTest
    @CsvSource({"DOUBLE, 2, 6, 3, 150, 10, 7, 1e-12", "FLOAT, 2, 6, 3, 150, 10, 7, 2e-5", "FLOAT, 1, 4, 1, 67, 128, 128, 2e-5",
            "DOUBLE, 1, 2, 2, 1, 4, 3, 1e-12", "FLOAT, 3, 2, 1, 200, 33, 20, 2e-5"})
    void matchesPlainLoops(DataType type, int batch, int hq, int hkv, int seq, int d, int dv, double tol) {
        double[][][][] q = random(batch, hq, seq, d);
        double[][][][] k = random(batch, hkv, seq, d);
        double[][][][] v = random(batch, hkv, seq, dv);
        int[] lengths = new int[batch];
        for (int b = 0; b < batch; b++) {
            lengths[b] = Math.max(1, seq - 37 * b);
        }
        double[] slopes = Alibi.slopes(hq);
        INDArray got = TiledAttention.attend(tensor(q, type), tensor(k, type), tensor(v, type), true, OffsetBias.linear(slopes), lengths);
        assertEquals(type, got.dataType());
        assertArrayEquals(new long[] {batch, hq, seq, dv}, got.shape());
        double worst = 0;
        for (int b = 0; b < batch; b++) {
            for (int h = 0; h < hq; h++) {
                for (int i = 0; i < seq; i++) {
                    double[] biasRow = new double[seq];
                    boolean[] allowed = new boolean[seq];
                    for (int j = 0; j < seq; j++) {
                        biasRow[j] = -slopes[h] * (i - j);
                        allowed[j] = j <= i && j < lengths[b];
                    }
                    double[] w = AttentionReference.weightsRow(q[b][h][i], k[b][h / (hq / hkv)], d, biasRow, allowed);
                    for (int c = 0; c < dv; c++) {
                        double expected = 0;
                        for (int j = 0; j < seq; j++) {
                            expected += w[j] * v[b][h / (hq / hkv)][j][c];
                        }
                        worst = Math.max(worst, Math.abs(expected - got.getDouble(b, h, i, c)));
                    }
                }
            }
        }
        assertTrue(worst <= tol, "max |tiled − loops| = " + worst + " > " + tol);
    }

    /** Against {@link Attention#attend} with ALiBi's dense bias ({@link Alibi#bias}) and the causal mask: the explicit path. */
    @ParameterizedTest
    @CsvSource({"DOUBLE, 1e-12", "FLOAT, 2e-5"})
    void matchesAttendCausalWithAlibi(DataType type, double tol) {
        int heads = 3;
        int seq = 131;
        INDArray q = Nd4j.randn(DataType.DOUBLE, 2, heads, seq, 16).castTo(type);
        INDArray k = Nd4j.randn(DataType.DOUBLE, 2, heads, seq, 16).castTo(type);
        INDArray v = Nd4j.randn(DataType.DOUBLE, 2, heads, seq, 16).castTo(type);
        INDArray expected = Attention.attend(q, k, v, Alibi.bias(heads, seq), Attention.causalMask(seq));
        INDArray got = TiledAttention.attend(q, k, v, true, OffsetBias.linear(Alibi.slopes(heads)), null);
        double diff = expected.sub(got.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
        assertTrue(diff <= tol, "max |tiled − attend| = " + diff);
    }

    /** Not causal, more keys than queries, padding and a table bias by offset, against {@link Attention#attend}. */
    @Test
    void matchesAttendWithPaddingAndTableBias() {
        int heads = 2;
        int sq = 70;
        int sk = 90;
        double[][] table = new double[heads][2 * 100 + 1];
        for (double[] row : table) {
            for (int x = 0; x < row.length; x++) {
                row[x] = RNG.nextGaussian();
            }
        }
        double[] dense = new double[heads * sq * sk];
        for (int h = 0; h < heads; h++) {
            for (int i = 0; i < sq; i++) {
                for (int j = 0; j < sk; j++) {
                    dense[(h * sq + i) * sk + j] = table[h][i - j + 100];
                }
            }
        }
        INDArray q = Nd4j.randn(DataType.DOUBLE, 2, heads, sq, 8);
        INDArray k = Nd4j.randn(DataType.DOUBLE, 2, heads, sk, 8);
        INDArray v = Nd4j.randn(DataType.DOUBLE, 2, heads, sk, 5);
        int[] lengths = {90, 41};
        INDArray expected = Attention.attend(q, k, v, Nd4j.create(dense, new long[] {1, heads, sq, sk}, DataType.DOUBLE),
                Attention.paddingMask(lengths, sk));
        INDArray got = TiledAttention.attend(q, k, v, false, OffsetBias.of(table), lengths);
        double diff = expected.sub(got).amaxNumber().doubleValue();
        assertTrue(diff <= 1e-12, "max |tiled − attend| = " + diff);
    }

    /** A strided view (q transposed twice back into shape) reads the same elements as its dense copy. */
    @Test
    void readsStridedViews() {
        INDArray q = Nd4j.randn(DataType.FLOAT, 1, 2, 9, 8);
        INDArray view = q.permute(0, 2, 1, 3).dup('c').permute(0, 2, 1, 3);
        INDArray dense = TiledAttention.attend(q, q, q, true, null, null);
        INDArray strided = TiledAttention.attend(view, view, view, true, null, null);
        assertEquals(0, dense.sub(strided).amaxNumber().doubleValue(), 0);
    }

    private static double[][][][] random(int b, int h, int s, int d) {
        double[][][][] x = new double[b][h][s][d];
        for (double[][][] a : x) {
            for (double[][] bb : a) {
                for (double[] c : bb) {
                    for (int i = 0; i < d; i++) {
                        c[i] = RNG.nextGaussian();
                    }
                }
            }
        }
        return x;
    }

    private static INDArray tensor(double[][][][] x, DataType type) {
        return Nd4j.create(x).castTo(type);
    }
}
