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

class LinearAttentionTest {
    private static final int B = 2, H = 3, S = 7, D = 8, DV = 5;

    @Test
    void featureMapIsEluPlusOne() {
        INDArray x = Nd4j.createFromArray(-2.0, -1.0, 0.0, 0.5, 2.0);
        double[] expected = {Math.exp(-2), Math.exp(-1), 1, 1.5, 3};
        assertArrayEquals(expected, LinearAttention.featureMap(x).toDoubleVector(), 1e-15);
    }

    @Test
    void linearTimeEqualsTheDirectSumAndALoopReference() {
        Random rng = new Random(11);
        INDArray q = gaussian(rng, B, H, S, D), k = gaussian(rng, B, H, S, D), v = gaussian(rng, B, H, S, DV);
        double[] positions = {0, 1, 2, 5, 6, 10, 11.5};
        for (Pairing pairing : Pairing.values()) {
            RotaryEmbedding rope = RotaryEmbedding.of(D, pairing).withBase(100);
            for (boolean causal : new boolean[] {false, true}) {
                INDArray fast = LinearAttention.linear(q, k, v, rope, positions, causal);
                INDArray direct = LinearAttention.quadratic(q, k, v, rope, positions, causal);
                double[][][][] loop = loopReference(q, k, v, rope, positions, causal);
                assertArrayEquals(new long[] {B, H, S, DV}, fast.shape());
                double errFast = 0, errDirect = 0;
                for (int b = 0; b < B; b++) {
                    for (int h = 0; h < H; h++) {
                        for (int s = 0; s < S; s++) {
                            for (int j = 0; j < DV; j++) {
                                errFast = Math.max(errFast, Math.abs(fast.getDouble(b, h, s, j) - loop[b][h][s][j]));
                                errDirect = Math.max(errDirect, Math.abs(direct.getDouble(b, h, s, j) - loop[b][h][s][j]));
                            }
                        }
                    }
                }
                assertTrue(errFast <= 1e-12 && errDirect <= 1e-12, pairing + (causal ? " causal" : "") + ": " + errFast + ", " + errDirect);
            }
        }
    }

    @Test
    void shiftingEveryPositionLeavesTheWeightsUnchanged() {
        Random rng = new Random(12);
        INDArray q = gaussian(rng, 1, 2, S, D), k = gaussian(rng, 1, 2, S, D);
        RotaryEmbedding rope = RotaryEmbedding.of(D, Pairing.HALF_SPLIT);
        double[] positions = {0, 1, 2, 3, 4, 5, 6};
        double[] shifted = {1000, 1001, 1002, 1003, 1004, 1005, 1006};
        INDArray w = LinearAttention.weights(q, k, rope, positions, true);
        INDArray moved = LinearAttention.weights(q, k, rope, shifted, true);
        assertTrue(w.equalsWithEps(moved, 1e-10));
        assertEquals(0, w.getDouble(0, 0, 0, 1), 0.0); // above the diagonal when causal
    }

    @Test
    void badInputIsRejectedWithItsNameAndValue() {
        RotaryEmbedding rope = RotaryEmbedding.of(D, Pairing.INTERLEAVED);
        INDArray q = Nd4j.zeros(DataType.DOUBLE, 1, 1, 3, D);
        double[] p = {0, 1, 2};
        var e = assertThrows(IllegalArgumentException.class,
                () -> LinearAttention.linear(q, Nd4j.zeros(DataType.DOUBLE, 1, 1, 4, D), q, rope, p, true));
        assertEquals("k must have q's shape [1, 1, 3, 8], got [1, 1, 4, 8]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LinearAttention.quadratic(q, q, null, rope, p, false));
        assertEquals("v must be [batch, heads, seq, dv] = [1, 1, 3, dv], got null", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LinearAttention.linear(q, q, q, rope, new double[2], false));
        assertEquals("positions must have one entry per sequence index, seq = 3, got 2", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> LinearAttention.weights(Nd4j.zeros(DataType.DOUBLE, 1, 1, 3, 6), q, rope, p, false));
        assertEquals("q must be [batch, heads, seq, d] with d = 8, got [1, 1, 3, 6]", e.getMessage());
    }

    /** o_m = Σ_n (R_m φ(q_m))·(R_n φ(k_n)) v_n / Σ_n φ(q_m)·φ(k_n), with φ by hand and R by complex multiplication. */
    private static double[][][][] loopReference(INDArray q, INDArray k, INDArray v, RotaryEmbedding rope, double[] pos, boolean causal) {
        double[][][][] out = new double[B][H][S][DV];
        for (int b = 0; b < B; b++) {
            for (int h = 0; h < H; h++) {
                for (int m = 0; m < S; m++) {
                    double[] fq = phi(q, b, h, m);
                    double[] rq = rope.rotateByComplex(fq, pos[m]);
                    double norm = 0;
                    double[] num = new double[DV];
                    for (int n = 0; n < S; n++) {
                        if (causal && n > m) {
                            continue;
                        }
                        double[] fk = phi(k, b, h, n);
                        double[] rk = rope.rotateByComplex(fk, pos[n]);
                        double a = 0, z = 0;
                        for (int c = 0; c < D; c++) {
                            a += rq[c] * rk[c];
                            z += fq[c] * fk[c];
                        }
                        norm += z;
                        for (int j = 0; j < DV; j++) {
                            num[j] += a * v.getDouble(b, h, n, j);
                        }
                    }
                    for (int j = 0; j < DV; j++) {
                        out[b][h][m][j] = num[j] / norm;
                    }
                }
            }
        }
        return out;
    }

    private static double[] phi(INDArray x, int b, int h, int s) {
        double[] f = new double[D];
        for (int c = 0; c < D; c++) {
            double t = x.getDouble(b, h, s, c);
            f[c] = t > 0 ? t + 1 : Math.exp(t);
        }
        return f;
    }

    private static INDArray gaussian(Random rng, int... shape) {
        INDArray a = Nd4j.zeros(DataType.DOUBLE, shape[0], shape[1], shape[2], shape[3]);
        for (long t = 0; t < a.length(); t++) {
            a.putScalar(t, rng.nextGaussian());
        }
        return a;
    }
}
