package org.ropelab.geometry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.commons.numbers.complex.Complex;
import org.junit.jupiter.api.Test;

class ComplexPlaneTest {

    @Test
    void multiplyingByIIsAQuarterTurn() {
        // i·(x + iy) = −y + ix, so (1, 0) ↦ (0, 1) and (0, 1) ↦ (−1, 0)
        double[][] m = ComplexPlane.multiplicationMatrix(Complex.I);
        assertArrayEquals(new double[] {0, 1}, Matrices.apply(m, new double[] {1, 0}), 0);
        assertArrayEquals(new double[] {-1, 0}, Matrices.apply(m, new double[] {0, 1}), 0);
    }

    @Test
    void multiplicationMatrixMatchesAHandExpansion() {
        // (2 + 3i)(5 − i) = 10 − 2i + 15i − 3i² = 13 + 13i
        double[] v = Matrices.apply(ComplexPlane.multiplicationMatrix(Complex.ofCartesian(2, 3)), new double[] {5, -1});
        assertArrayEquals(new double[] {13, 13}, v, 0);
    }

    @Test
    void innerProductIsTheDotProduct() {
        assertEquals(1 * 3 + 2 * 4, ComplexPlane.innerProduct(Complex.ofCartesian(1, 2), Complex.ofCartesian(3, 4)), 0);
        assertEquals(0, ComplexPlane.innerProduct(Complex.ONE, Complex.I), 0);
    }

    @Test
    void vectorRoundTrip() {
        assertArrayEquals(new double[] {-1.5, 2}, ComplexPlane.vector(ComplexPlane.complex(-1.5, 2)), 0);
        assertEquals(Complex.ofCartesian(7, -8), ComplexPlane.complex(new double[] {7, -8}));
        assertThrows(IllegalArgumentException.class, () -> ComplexPlane.complex(new double[] {1, 2, 3}));
    }

    @Test
    void seriesGivesEulersIdentityAndE() {
        Complex minusOne = ComplexPlane.expBySeries(Complex.ofCartesian(0, Math.PI), 40);
        assertEquals(-1, minusOne.real(), 1e-15);
        assertEquals(0, minusOne.imag(), 1e-15);
        assertEquals(Math.E, ComplexPlane.expBySeries(Complex.ONE, 30).real(), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> ComplexPlane.expBySeries(Complex.ONE, 0));
    }

    @Test
    void textWritesTheSignOfTheImaginaryPart() {
        assertEquals("3 + 4i", ComplexPlane.text(Complex.ofCartesian(3, 4)));
        assertEquals("-0.5 - 1.5i", ComplexPlane.text(Complex.ofCartesian(-0.5, -1.5)));
        assertEquals("0.333333 + 0i", ComplexPlane.text(Complex.ofCartesian(1.0 / 3, 0)));
    }
}
