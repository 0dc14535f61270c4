package org.ropelab.absolute;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LearnedPositionsTest {

    @Test
    void lookupPastTheEndNamesThePositionAndTheTableLength() {
        LearnedPositions table = LearnedPositions.random(512, 768, 7);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> table.lookup(512));
        assertEquals("position 512 is outside the learned table of 512 positions (0..511)", e.getMessage());
        assertEquals("position -1 is outside the learned table of 512 positions (0..511)",
                assertThrows(IllegalArgumentException.class, () -> table.lookup(-1)).getMessage());
        assertEquals(768, table.lookup(511).length);
    }

    @Test
    void initialValuesHaveStandardDeviationPointZeroTwoAndFollowTheSeed() {
        LearnedPositions table = LearnedPositions.random(512, 768, 7);
        double sum = 0, sumSq = 0;
        int n = 0;
        for (int p = 0; p < table.length(); p++) {
            for (double x : table.lookup(p)) {
                sum += x;
                sumSq += x * x;
                n++;
            }
        }
        double mean = sum / n;
        double std = Math.sqrt(sumSq / n - mean * mean);
        assertEquals(0.0, mean, 0.02 * 5 / Math.sqrt(n));      // five standard errors of the mean
        assertEquals(0.02, std, 0.02 * 0.01);                    // n ≈ 393k samples: std known to ~0.1 %
        assertArrayEquals(table.lookup(100), LearnedPositions.random(512, 768, 7).lookup(100), 0.0);
        assertFalse(Arrays.equals(table.lookup(100), LearnedPositions.random(512, 768, 8).lookup(100)));
    }

    @Test
    void growingKeepsTheOldRowsAndReportsTheNewOnesAsUntrained() {
        LearnedPositions table = LearnedPositions.random(512, 16, 7);
        assertEquals(0, table.untrainedRows().length);
        LearnedPositions grown = table.grow(1024, 99);
        assertEquals(1024, grown.length());
        assertArrayEquals(IntStream.range(512, 1024).toArray(), grown.untrainedRows());
        for (int p : new int[] {0, 200, 511}) {
            assertArrayEquals(table.lookup(p), grown.lookup(p), 0.0);
        }
        assertEquals(16, grown.lookup(1023).length);
        assertArrayEquals(IntStream.range(512, 2048).toArray(), grown.grow(2048, 5).untrainedRows());
        assertEquals(512, table.length(), "growing returns a new table and leaves the old one alone");
    }

    @Test
    void tableHasOneRowPerPosition() {
        LearnedPositions table = LearnedPositions.random(5, 3, 1);
        double[][] t = table.table().toDoubleMatrix();
        assertEquals(5, t.length);
        assertArrayEquals(table.lookup(4), t[4], 0.0);
    }

    @Test
    void badInputIsRejected() {
        assertEquals("length must be at least 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> LearnedPositions.random(0, 4, 1)).getMessage());
        assertEquals("newLength must exceed the current length 8, got 8",
                assertThrows(IllegalArgumentException.class, () -> LearnedPositions.random(8, 4, 1).grow(8, 2)).getMessage());
    }
}
