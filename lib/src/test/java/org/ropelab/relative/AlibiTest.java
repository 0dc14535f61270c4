package org.ropelab.relative;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ropelab.attention.Attention;

class AlibiTest {
    // 2^(-1/2), 2^(-3/2), 2^(-5/2), 2^(-7/2) written out as decimals
    private static final double R1 = 0.7071067811865476, R3 = 0.3535533905932738, R5 = 0.17677669529663687, R7 = 0.08838834764831845;

    @Test
    void eightHeadsAreOneHalfToOneOver256() {
        assertArrayEquals(new double[] {0.5, 0.25, 0.125, 0.0625, 0.03125, 0.015625, 0.0078125, 0.00390625}, Alibi.slopes(8), 1e-15);
    }

    @Test
    void sixteenHeadsStartAtOneOverRootTwoWithRatioOneOverRootTwo() {
        double[] m = Alibi.slopes(16);
        double[] expected = {R1, 0.5, R3, 0.25, R5, 0.125, R7, 0.0625,
            0.04419417382415922, 0.03125, 0.02209708691207961, 0.015625, 0.011048543456039806, 0.0078125, 0.005524271728019903, 0.00390625};
        assertArrayEquals(expected, m, 1e-15);
    }

    @Test
    void twelveHeadsAreTheEightHeadSlopesThenTheOddSixteenHeadSlopes() {
        double[] expected = {0.5, 0.25, 0.125, 0.0625, 0.03125, 0.015625, 0.0078125, 0.00390625, R1, R3, R5, R7};
        assertArrayEquals(expected, Alibi.slopes(12), 1e-15);
    }

    @Test
    void smallNonPowersOfTwo() {
        assertArrayEquals(new double[] {1.0 / 16, 1.0 / 256, 0.25}, Alibi.slopes(3), 1e-15);
        assertArrayEquals(new double[] {0.25, 1.0 / 16, 1.0 / 64, 1.0 / 256, 0.5, 0.125}, Alibi.slopes(6), 1e-15);
        assertArrayEquals(new double[] {1.0 / 256}, Alibi.slopes(1), 1e-15);
    }

    @Test
    void biasIsMinusSlopeTimesDistanceBelowTheDiagonal() {
        INDArray b = Alibi.bias(2, 4);
        assertArrayEquals(new long[] {1, 2, 4, 4}, b.shape());
        // head 0: m = 1/16; head 1: m = 1/256 (H = 2)
        double[][] head0 = {{0, -1, -2, -3}, {-1, 0, -1, -2}, {-2, -1, 0, -1}, {-3, -2, -1, 0}};
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                assertEquals(head0[i][j] / 16, b.getDouble(0, 0, i, j), 1e-15);
                assertEquals(head0[i][j] / 256, b.getDouble(0, 1, i, j), 1e-15);
            }
        }
    }

    @Test
    void causalAttentionWithAlibiEqualsALoopByHand() {
        Random rng = new Random(21);
        int heads = 3, seq = 6, d = 4;
        double[] m = {1.0 / 16, 1.0 / 256, 0.25};
        double[][][][] q = new double[1][heads][seq][d], k = new double[1][heads][seq][d], v = new double[1][heads][seq][d];
        for (double[][][][] a : new double[][][][][] {q, k, v}) {
            for (int h = 0; h < heads; h++) {
                for (int i = 0; i < seq; i++) {
                    for (int c = 0; c < d; c++) {
                        a[0][h][i][c] = 2 * rng.nextGaussian();
                    }
                }
            }
        }
        INDArray out = Attention.attend(Nd4j.create(q), Nd4j.create(k), Nd4j.create(v), Alibi.bias(heads, seq), Attention.causalMask(seq));
        for (int h = 0; h < heads; h++) {
            for (int i = 0; i < seq; i++) {
                double[] e = new double[i + 1];
                double z = 0;
                for (int j = 0; j <= i; j++) {
                    double dot = 0;
                    for (int c = 0; c < d; c++) {
                        dot += q[0][h][i][c] * k[0][h][j][c];
                    }
                    e[j] = Math.exp(dot / Math.sqrt(d) - m[h] * (i - j));
                    z += e[j];
                }
                for (int c = 0; c < d; c++) {
                    double o = 0;
                    for (int j = 0; j <= i; j++) {
                        o += e[j] / z * v[0][h][j][c];
                    }
                    assertEquals(o, out.getDouble(0, h, i, c), 1e-12, "head " + h + " query " + i);
                }
            }
        }
    }

    @Test
    void badInputIsRejectedWithItsNameAndValue() {
        var e = assertThrows(IllegalArgumentException.class, () -> Alibi.slopes(0));
        assertTrue(e.getMessage().contains("heads") && e.getMessage().contains("0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Alibi.bias(-3, 4));
        assertTrue(e.getMessage().contains("heads") && e.getMessage().contains("-3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Alibi.bias(4, 0));
        assertTrue(e.getMessage().contains("seq") && e.getMessage().contains("0"), e.getMessage());
    }
}
