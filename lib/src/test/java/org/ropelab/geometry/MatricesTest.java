package org.ropelab.geometry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MatricesTest {

    @Test
    void productTransposeAndApplyOnHandValues() {
        double[][] a = {{1, 2}, {3, 4}, {5, 6}};
        double[][] b = {{7, 8, 9}, {10, 11, 12}};
        // row 0: (1·7 + 2·10, 1·8 + 2·11, 1·9 + 2·12)
        assertArrayEquals(new double[] {27, 30, 33}, Matrices.multiply(a, b)[0], 0);
        assertArrayEquals(new double[] {2, 4, 6}, Matrices.transpose(a)[1], 0);
        assertArrayEquals(new double[] {-1, -1, -1}, Matrices.apply(a, new double[] {1, -1}), 0);
        // row vector times matrix: (1, −1)·b = (7 − 10, 8 − 11, 9 − 12)
        assertArrayEquals(new double[] {-3, -3, -3}, Matrices.times(new double[] {1, -1}, b), 0);
    }

    @Test
    void inverseAndDeterminantOfAKnownMatrix() {
        double[][] m = {{4, 7}, {2, 6}};   // det 10, inverse [[0.6, −0.7], [−0.2, 0.4]]
        assertEquals(10, Matrices.determinant(m), 1e-14);
        assertEquals(0, Matrices.maxAbsDifference(Matrices.inverse(m), new double[][] {{0.6, -0.7}, {-0.2, 0.4}}), 1e-15);
        assertEquals(0, Matrices.determinant(new double[][] {{1, 2}, {2, 4}}), 0);
    }

    @Test
    void dotNormAndSkewPart() {
        assertEquals(1 * 4 + 2 * 5 + 3 * 6, Matrices.dot(new double[] {1, 2, 3}, new double[] {4, 5, 6}), 0);
        assertEquals(5, Matrices.norm(new double[] {3, 4}), 0);
        assertEquals(0, Matrices.maxAbsDifference(Matrices.skewPart(new double[][] {{1, 4}, {2, 3}}), new double[][] {{0, 1}, {-1, 0}}), 0);
    }

    @Test
    void badShapesAreRejectedWithTheirRule() {
        var t = assertThrows(IllegalArgumentException.class, () -> Matrices.times(new double[3], new double[2][3]));
        assertTrue(t.getMessage().contains("2 rows") && t.getMessage().contains("got 3"), t.getMessage());
        var e = assertThrows(IllegalArgumentException.class, () -> Matrices.multiply(new double[2][3], new double[2][3]));
        assertTrue(e.getMessage().contains("2×3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Matrices.inverse(new double[][] {{1, 2}, {2, 4}}));
        assertThrows(IllegalArgumentException.class, () -> Matrices.determinant(new double[2][3]));
        assertThrows(IllegalArgumentException.class, () -> Matrices.apply(new double[2][2], new double[3]));
        assertThrows(IllegalArgumentException.class, () -> Matrices.dot(new double[2], new double[3]));
        assertThrows(IllegalArgumentException.class, () -> Matrices.multiply(new double[][] {{1, 2}, {3}}, new double[2][2]));
    }
}
