package org.ropelab.rope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ropelab.geometry.Matrices;

class RopeAttentionTest {
    private static final int BATCH = 2, SEQ = 6, D_MODEL = 12, HEADS = 3, D = 8, DV = 5;

    @Test
    void equalsALoopReferenceForBothPairingsWithAndWithoutTheCausalMask() {
        Random rng = new Random(21);
        double[][][] x = random(rng, BATCH, SEQ, D_MODEL);
        double[][] wq = random(rng, D_MODEL, HEADS * D), wk = random(rng, D_MODEL, HEADS * D), wv = random(rng, D_MODEL, HEADS * DV);
        double[] positions = {0, 1, 2, 3, 10, 10.5};
        for (Pairing pairing : Pairing.values()) {
            for (boolean causal : new boolean[] {false, true}) {
                RotaryEmbedding rope = RotaryEmbedding.of(D, pairing).withBase(100);
                RopeAttention attention = RopeAttention.of(rope, Nd4j.create(wq), Nd4j.create(wk), Nd4j.create(wv), HEADS);
                INDArray out = attention.apply(tensor(x), positions, causal);
                double[][][][] expected = loopReference(x, wq, wk, wv, positions, pairing, 100, causal);
                double err = 0;
                for (int b = 0; b < BATCH; b++) {
                    for (int h = 0; h < HEADS; h++) {
                        for (int s = 0; s < SEQ; s++) {
                            for (int j = 0; j < DV; j++) {
                                err = Math.max(err, Math.abs(out.getDouble(b, h, s, j) - expected[b][h][s][j]));
                            }
                        }
                    }
                }
                assertArrayEquals(new long[] {BATCH, HEADS, SEQ, DV}, out.shape());
                assertTrue(err <= 1e-12, pairing + (causal ? " causal" : "") + ": " + err);
            }
        }
    }

    @Test
    void shiftingEveryPositionLeavesScoresAndOutputsUnchanged() {
        Random rng = new Random(22);
        RopeAttention attention = RopeAttention.of(RotaryEmbedding.of(D, Pairing.HALF_SPLIT), Nd4j.create(random(rng, D_MODEL, HEADS * D)),
                Nd4j.create(random(rng, D_MODEL, HEADS * D)), Nd4j.create(random(rng, D_MODEL, HEADS * DV)), HEADS);
        INDArray x = tensor(random(rng, BATCH, SEQ, D_MODEL));
        double[] positions = {0, 1, 2, 3, 4, 5};
        var base = attention.steps(x, positions, true);
        for (double offset : new double[] {1, 37, 1000}) {
            double[] shifted = positions.clone();
            for (int s = 0; s < SEQ; s++) {
                shifted[s] += offset;
            }
            var moved = attention.steps(x, shifted, true);
            assertTrue(base.scores().equalsWithEps(moved.scores(), 1e-9), "offset " + offset);
            assertTrue(base.output().equalsWithEps(moved.output(), 1e-9), "offset " + offset);
            // the rotated queries themselves did move
            assertTrue(!base.qRotated().equalsWithEps(moved.qRotated(), 1e-3), "offset " + offset);
        }
    }

    @Test
    void causalWeightsAreZeroAboveTheDiagonalAndRowsSumToOne() {
        Random rng = new Random(23);
        RopeAttention attention = RopeAttention.of(RotaryEmbedding.of(D, Pairing.INTERLEAVED), Nd4j.create(random(rng, D_MODEL, HEADS * D)),
                Nd4j.create(random(rng, D_MODEL, HEADS * D)), Nd4j.create(random(rng, D_MODEL, HEADS * D)), HEADS);
        INDArray w = attention.steps(tensor(random(rng, BATCH, SEQ, D_MODEL)), new double[] {0, 1, 2, 3, 4, 5}, true).weights();
        for (int b = 0; b < BATCH; b++) {
            for (int h = 0; h < HEADS; h++) {
                for (int i = 0; i < SEQ; i++) {
                    double sum = 0;
                    for (int j = 0; j < SEQ; j++) {
                        sum += w.getDouble(b, h, i, j);
                        if (j > i) {
                            assertEquals(0, w.getDouble(b, h, i, j), 0);
                        }
                    }
                    assertEquals(1, sum, 1e-14);
                }
            }
        }
    }

    @Test
    void badShapesAreRejectedWithTheirRule() {
        RotaryEmbedding rope = RotaryEmbedding.of(D, Pairing.INTERLEAVED);
        INDArray w = Nd4j.zeros(DataType.DOUBLE, D_MODEL, HEADS * D);
        var e = assertThrows(IllegalArgumentException.class, () -> RopeAttention.of(rope, Nd4j.zeros(DataType.DOUBLE, D_MODEL, 20), w, w, HEADS));
        assertTrue(e.getMessage().contains("wq must be [dModel, heads·d] = [dModel, 24]"), e.getMessage());
        RopeAttention attention = RopeAttention.of(rope, w, w, w, HEADS);
        e = assertThrows(IllegalArgumentException.class, () -> attention.apply(Nd4j.zeros(DataType.DOUBLE, 1, 4, 10), new double[4], false));
        assertTrue(e.getMessage().contains("dModel = 12"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> attention.apply(Nd4j.zeros(DataType.DOUBLE, 1, 4, D_MODEL), new double[3], false));
        assertTrue(e.getMessage().contains("seq = 4, got 3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RopeAttention.of(rope, w, w, Nd4j.zeros(DataType.DOUBLE, D_MODEL, 7), HEADS));
    }

    /** Plain loops, no ND4J and no library rotation: project, turn pairs by p·base^(−2i/d), score, softmax, weight. */
    private static double[][][][] loopReference(double[][][] x, double[][] wq, double[][] wk, double[][] wv, double[] positions,
                                                Pairing pairing, double base, boolean causal) {
        double[][][][] out = new double[BATCH][HEADS][SEQ][DV];
        for (int b = 0; b < BATCH; b++) {
            for (int h = 0; h < HEADS; h++) {
                double[][] q = new double[SEQ][D], k = new double[SEQ][D], v = new double[SEQ][DV];
                for (int s = 0; s < SEQ; s++) {
                    for (int j = 0; j < D; j++) {
                        for (int i = 0; i < D_MODEL; i++) {
                            q[s][j] += x[b][s][i] * wq[i][h * D + j];
                            k[s][j] += x[b][s][i] * wk[i][h * D + j];
                        }
                    }
                    for (int j = 0; j < DV; j++) {
                        for (int i = 0; i < D_MODEL; i++) {
                            v[s][j] += x[b][s][i] * wv[i][h * DV + j];
                        }
                    }
                    q[s] = turn(q[s], positions[s], pairing, base);
                    k[s] = turn(k[s], positions[s], pairing, base);
                }
                for (int s = 0; s < SEQ; s++) {
                    double[] e = new double[SEQ];
                    double max = Double.NEGATIVE_INFINITY, sum = 0;
                    int last = causal ? s : SEQ - 1;
                    for (int t = 0; t <= last; t++) {
                        for (int j = 0; j < D; j++) {
                            e[t] += q[s][j] * k[t][j];
                        }
                        e[t] /= Math.sqrt(D);
                        max = Math.max(max, e[t]);
                    }
                    for (int t = 0; t <= last; t++) {
                        e[t] = Math.exp(e[t] - max);
                        sum += e[t];
                    }
                    for (int t = 0; t <= last; t++) {
                        for (int j = 0; j < DV; j++) {
                            out[b][h][s][j] += e[t] / sum * v[t][j];
                        }
                    }
                }
            }
        }
        return out;
    }

    private static double[] turn(double[] x, double position, Pairing pairing, double base) {
        double[] y = x.clone();
        for (int i = 0; i < D / 2; i++) {
            int a = pairing == Pairing.INTERLEAVED ? 2 * i : i;
            int c = pairing == Pairing.INTERLEAVED ? 2 * i + 1 : i + D / 2;
            double angle = position * Math.pow(base, -2.0 * i / D);
            y[a] = x[a] * Math.cos(angle) - x[c] * Math.sin(angle);
            y[c] = x[a] * Math.sin(angle) + x[c] * Math.cos(angle);
        }
        return y;
    }

    private static double[][] random(Random rng, int rows, int cols) {
        return Matrices.gaussian(rows, cols, rng);
    }

    private static double[][][] random(Random rng, int n, int rows, int cols) {
        double[][][] a = new double[n][][];
        for (int i = 0; i < n; i++) {
            a[i] = Matrices.gaussian(rows, cols, rng);
        }
        return a;
    }

    private static INDArray tensor(double[][][] x) {
        return Nd4j.create(x);
    }
}
