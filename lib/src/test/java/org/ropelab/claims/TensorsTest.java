package org.ropelab.claims;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class TensorsTest {

    @Test
    void gaussianDrawsScaledValuesInRowMajorOrder() {
        var t = Tensors.gaussian(new Random(5), 0.5, 2, 3, 4);
        var r = new Random(5);                           // the same stream, read by hand
        assertArrayEquals(new long[] {2, 3, 4}, t.shape());
        assertEquals(DataType.DOUBLE, t.dataType());
        for (int a = 0; a < 2; a++) {
            for (int b = 0; b < 3; b++) {
                for (int c = 0; c < 4; c++) {
                    assertEquals(0.5 * r.nextGaussian(), t.getDouble(a, b, c), 0);
                }
            }
        }
    }

    @Test
    void gaussianHasTheRequestedSpread() {
        double[] v = Tensors.gaussian(new Random(1), 3, 200, 100).data().asDouble();
        double mean = 0, square = 0;
        for (double x : v) {
            mean += x / v.length;
            square += x * x / v.length;
        }
        // 20 000 draws: the standard error of the mean is 3/√20000 ≈ 0.021, of the std ≈ 0.015
        assertEquals(0, mean, 0.1);
        assertEquals(3, Math.sqrt(square), 0.075);
    }

    @Test
    void maxAbsDifferenceOnHandValuesAndAcrossPrecisions() {
        var a = Nd4j.createFromArray(new double[][] {{1, 2}, {3, 4}});
        var b = Nd4j.createFromArray(new double[][] {{1, 2.5}, {1, 4}});
        assertEquals(2, Tensors.maxAbsDifference(a, b), 0);                 // |3 − 1|
        assertEquals(0, Tensors.maxAbsDifference(a, a.castTo(DataType.FLOAT)), 0);
        var f = Nd4j.createFromArray(new float[] {0.1f});                    // 0.1f ≠ 0.1 by 1.49e-9
        assertEquals(Math.abs((double) 0.1f - 0.1), Tensors.maxAbsDifference(f, Nd4j.createFromArray(0.1)), 0);
        var withNaN = Nd4j.createFromArray(new double[][] {{1, Double.NaN}, {3, 4}});
        assertTrue(Double.isNaN(Tensors.maxAbsDifference(a, withNaN)));
    }

    @Test
    void maxAbsDifferenceReadsViewsInTheirOwnOrder() {
        var a = Nd4j.createFromArray(new double[][] {{1, 2}, {3, 4}});
        var at = Nd4j.createFromArray(new double[][] {{1, 3}, {2, 4}});
        assertEquals(0, Tensors.maxAbsDifference(a.transpose(), at), 0);
    }

    @Test
    void badInputIsRejectedWithItsRule() {
        var e = assertThrows(IllegalArgumentException.class, () -> Tensors.gaussian(new Random(1), 1, 2, 0));
        assertTrue(e.getMessage().contains("[2, 0]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensors.gaussian(new Random(1), -1, 2));
        assertTrue(e.getMessage().contains("-1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Tensors.maxAbsDifference(Nd4j.zeros(2, 3), Nd4j.zeros(3, 2)));
        assertTrue(e.getMessage().contains("[2, 3] and [3, 2]"), e.getMessage());
    }
}
