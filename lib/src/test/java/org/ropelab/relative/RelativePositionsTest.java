package org.ropelab.relative;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ropelab.attention.Attention;

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

    @Test
    void t5BidirectionalBucketsAtHandComputedBoundaries() {
        // 32 buckets, max distance 128: 16 per direction, 8 of them exact; δ > 0 (key after query) adds 16.
        // Log part: 8 + ⌊ln(a/8)/ln(128/8)·8⌋ = 8 + ⌊2·log2(a/8)⌋, capped at 15.
        long[] distance = {0, -1, 1, -7, 7, -8, 8, -15, -16, -90, -91, -127, -128, -1000, 127, 128, 1000};
        int[] expected = {0, 1, 17, 7, 23, 8, 24, 9, 10, 14, 15, 15, 15, 15, 31, 31, 31};
        // -15: 2·log2(1.875) = 1.81 → 9; -16: exactly 2 → 10; -90: 2·log2(11.25) = 6.98 → 14;
        // -91: 2·log2(11.375) = 7.02 → 15; -127: 2·log2(15.875) = 7.98 → 15; -128: 8 → capped at 15
        for (int t = 0; t < distance.length; t++) {
            assertEquals(expected[t], RelativePositions.t5Bucket(distance[t], true), "δ = " + distance[t]);
            assertEquals(expected[t], RelativePositions.t5Bucket(distance[t], true, 32, 128), "δ = " + distance[t]);
        }
    }

    @Test
    void t5CausalBucketsAtHandComputedBoundaries() {
        // 32 buckets, max distance 128, causal: keys after the query count as 0; 16 exact buckets;
        // log part: 16 + ⌊16·ln(a/16)/ln 8⌋, capped at 31.
        long[] distance = {5, 1, 0, -1, -15, -16, -18, -19, -32, -64, -127, -128, -1_000_000};
        int[] expected = {0, 0, 0, 1, 15, 16, 16, 17, 21, 26, 31, 31, 31};
        // -18: 16·ln(1.125)/ln 8 = 0.91 → 16; -19: 16·ln(1.1875)/ln 8 = 1.32 → 17; -32: 16/3 → 21;
        // -64: 32/3 → 26; -127: 16·ln(7.9375)/ln 8 = 15.94 → 31; -128: 16 → capped at 31
        for (int t = 0; t < distance.length; t++) {
            assertEquals(expected[t], RelativePositions.t5Bucket(distance[t], false), "δ = " + distance[t]);
        }
    }

    @Test
    void t5SmallestBidirectionalTable() {
        // 4 buckets, max distance 2: 2 per direction, 1 exact: δ = 0 → 0, every δ < 0 → 1, δ > 0 → 2 + 1
        assertEquals(0, RelativePositions.t5Bucket(0, true, 4, 2));
        assertEquals(1, RelativePositions.t5Bucket(-1, true, 4, 2));
        assertEquals(1, RelativePositions.t5Bucket(-5, true, 4, 2));
        assertEquals(3, RelativePositions.t5Bucket(1, true, 4, 2));
        assertEquals(3, RelativePositions.t5Bucket(7, true, 4, 2));
    }

    @Test
    void t5RejectsTooFewBucketsAndAMaximumInsideTheExactRange() {
        var e = assertThrows(IllegalArgumentException.class, () -> RelativePositions.t5Bucket(0, true, 3, 128));
        assertEquals("buckets must be at least 4 when bidirectional, got 3", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RelativePositions.t5Bucket(0, false, 1, 128));
        assertEquals("buckets must be at least 2, got 1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RelativePositions.t5Bucket(0, true, 32, 8));
        assertEquals("maxDistance must be above the exact range (8 distances), got 8", e.getMessage());
        assertEquals(8, RelativePositions.t5Bucket(-8, true, 32, 9));
    }
}
