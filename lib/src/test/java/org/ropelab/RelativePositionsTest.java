package org.ropelab;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class RelativePositionsTest {
    @Test
    void distanceMatrixOfGivenPositionsIsKeyMinusQuery() {
        INDArray d = RelativePositions.distances(new int[] {3, 0, 7}, new int[] {5, 3, -2, 10});
        double[][] expected = {{2, 0, -5, 7}, {5, 3, -2, 10}, {-2, -4, -9, 3}};
        assertEquals(DataType.DOUBLE, d.dataType());
        assertArrayEquals(new long[] {3, 4}, d.shape());
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(expected[i], d.getRow(i).toDoubleVector(), 0.0);
        }
    }

    @Test
    void tokenAtThreeAndTokenAtFiveAreTwoApart() {
        assertEquals(2.0, RelativePositions.distances(new int[] {3}, new int[] {5}).getDouble(0, 0), 0.0);
        assertEquals(-2.0, RelativePositions.distances(new int[] {5}, new int[] {3}).getDouble(0, 0), 0.0);
    }

    @Test
    void biasLooksUpTheTableByClippedDistance() {
        // table for M = 2: B_-2 = 10, B_-1 = 11, B_0 = 12, B_1 = 13, B_2 = 14
        var rel = RelativePositions.of(new double[] {10, 11, 12, 13, 14});
        assertEquals(2, rel.maxDistance());
        INDArray b = rel.bias(new int[] {0, 4}, new int[] {0, 1, 2, 3, 9});
        assertArrayEquals(new double[] {12, 13, 14, 14, 14}, b.getRow(0).toDoubleVector(), 0.0);
        assertArrayEquals(new double[] {10, 10, 10, 11, 14}, b.getRow(1).toDoubleVector(), 0.0);
        assertEquals(-2, rel.bucket(-1000));
        assertEquals(1, rel.bucket(1));
        assertEquals(14.0, rel.biasAt(Integer.MAX_VALUE), 0.0);
    }

    @Test
    void shiftingEveryPositionLeavesTheBiasUnchanged() {
        var rel = RelativePositions.random(3, 1.0, 5);
        int[] p = {0, 1, 2, 3, 4, 5};
        int[] shifted = {1000, 1001, 1002, 1003, 1004, 1005};
        assertEquals(0.0, rel.bias(p, p).sub(rel.bias(shifted, shifted)).amaxNumber().doubleValue(), 0.0);
    }

    @Test
    void randomTableIsSeededWithTheRequestedSpread() {
        double[] a = RelativePositions.random(2000, 0.5, 9).table();
        assertEquals(4001, a.length);
        assertArrayEquals(a, RelativePositions.random(2000, 0.5, 9).table(), 0.0);
        double mean = 0, sq = 0;
        for (double x : a) {
            mean += x / a.length;
        }
        for (double x : a) {
            sq += (x - mean) * (x - mean) / a.length;
        }
        assertEquals(0.0, mean, 0.05);                 // standard error 0.5/√4001 ≈ 0.008
        assertEquals(0.5, Math.sqrt(sq), 0.03);
        assertTrue(RelativePositions.random(2000, 0.5, 10).table()[0] != a[0]);
    }

    @Test
    void biasThroughAttentionEqualsScoresPlusBiasByHand() {
        Random rng = new Random(11);
        int seq = 5, d = 4;
        double[][] table = {{-1.0, -0.5, 0.0, 0.25, 0.75, 1.5, 2.0}};   // M = 3
        var rel = RelativePositions.of(table[0]);
        int[] pos = {2, 3, 4, 5, 6};
        double[][][][] q = new double[1][1][seq][d], k = new double[1][1][seq][d], v = new double[1][1][seq][d];
        for (double[][][][] a : new double[][][][][] {q, k, v}) {
            for (int i = 0; i < seq; i++) {
                for (int c = 0; c < d; c++) {
                    a[0][0][i][c] = rng.nextGaussian();
                }
            }
        }
        INDArray out = Attention.attend(Nd4j.create(q), Nd4j.create(k), Nd4j.create(v), rel.bias(pos, pos), null);
        for (int i = 0; i < seq; i++) {
            double[] s = new double[seq];
            double z = 0;
            for (int j = 0; j < seq; j++) {
                double dot = 0;
                for (int c = 0; c < d; c++) {
                    dot += q[0][0][i][c] * k[0][0][j][c];
                }
                int clipped = Math.max(-3, Math.min(3, j - i));            // positions are consecutive: j − i
                s[j] = Math.exp(dot / Math.sqrt(d) + table[0][clipped + 3]);
                z += s[j];
            }
            for (int c = 0; c < d; c++) {
                double o = 0;
                for (int j = 0; j < seq; j++) {
                    o += s[j] / z * v[0][0][j][c];
                }
                assertEquals(o, out.getDouble(0, 0, i, c), 1e-12);
            }
        }
    }

    @Test
    void badInputIsRejectedWithItsNameAndValue() {
        var e = assertThrows(IllegalArgumentException.class, () -> RelativePositions.random(-1, 1.0, 0));
        assertTrue(e.getMessage().contains("maxDistance") && e.getMessage().contains("-1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RelativePositions.random(2, 0.0, 0));
        assertTrue(e.getMessage().contains("std"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RelativePositions.of(new double[] {1, 2}));
        assertTrue(e.getMessage().contains("odd") && e.getMessage().contains("2 entries"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RelativePositions.of(new double[] {1, Double.NaN, 2}));
        assertTrue(e.getMessage().contains("table[1]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RelativePositions.distances(new int[0], new int[] {1}));
        assertTrue(e.getMessage().contains("positionsQ"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RelativePositions.range(0));
        assertTrue(e.getMessage().contains("seq") && e.getMessage().contains("0"), e.getMessage());
    }
}
