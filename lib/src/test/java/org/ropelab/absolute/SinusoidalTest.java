package org.ropelab.absolute;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SinusoidalTest {
    private static final double[] POSITIONS = {0, 1, 2.5, 7, 63, 511, 512, 1000.25, 4096, 123456.75, -3};

    @Test
    void positionZeroAlternatesZeroAndOne() {
        double[] pe = Sinusoidal.of(8).encode(0);
        assertArrayEquals(new double[] {0, 1, 0, 1, 0, 1, 0, 1}, pe, 0.0);
    }

    @Test
    void theFirstPairIsSineAndCosineOfThePositionAndKnownValuesAtD4() {
        // d = 4, base 10000: ω_0 = 1, ω_1 = 10000^(−1/2) = 0.01
        double[] pe = Sinusoidal.of(4).encode(3);
        assertArrayEquals(new double[] {Math.sin(3), Math.cos(3), Math.sin(0.03), Math.cos(0.03)}, pe, 1e-15);
        assertArrayEquals(new double[] {1, 0.01}, Sinusoidal.of(4).frequencies(), 1e-15);
        assertArrayEquals(new double[] {2 * Math.PI, 200 * Math.PI}, Sinusoidal.of(4).wavelengths(), 1e-9);
        // base 100, d = 6: ω = 1, 100^(−1/3), 100^(−2/3)
        assertArrayEquals(new double[] {1, Math.cbrt(0.01), Math.cbrt(0.0001)}, Sinusoidal.of(6, 100).frequencies(), 1e-15);
    }

    @Test
    void squaredNormIsHalfTheDimensionAtEveryPosition() {
        for (int d : new int[] {2, 8, 128, 512}) {
            Sinusoidal pe = Sinusoidal.of(d);
            for (double p : POSITIONS) {
                double norm2 = 0;
                for (double x : pe.encode(p)) {
                    norm2 += x * x;
                }
                assertEquals(d / 2.0, norm2, 1e-12 * d, "d = " + d + ", pos = " + p);
            }
        }
    }

    @Test
    void dotProductOfVectorsEqualsTheClosedFormAndDependsOnDistanceOnly() {
        Sinusoidal pe = Sinusoidal.of(128);
        for (double m : POSITIONS) {
            for (double n : POSITIONS) {
                double[] a = pe.encode(m);
                double[] b = pe.encode(n);
                double dot = 0;
                for (int j = 0; j < a.length; j++) {
                    dot += a[j] * b[j];
                }
                assertEquals(dot, pe.dot(m, n), 1e-9, m + ", " + n);
                double[] a2 = pe.encode(m + 37);
                double[] b2 = pe.encode(n + 37);
                double shifted = 0;
                for (int j = 0; j < a2.length; j++) {
                    shifted += a2[j] * b2[j];
                }
                assertEquals(dot, shifted, 1e-8, "shifted " + m + ", " + n);
            }
        }
        assertEquals(64, pe.dot(5, 5), 1e-12);   // distance 0: every cosine is 1
    }

    @Test
    void shiftMatrixMapsPositionPToPPlusK() {
        Sinusoidal pe = Sinusoidal.of(16);
        for (double k : new double[] {0, 1, 3, 100, 0.5, -7, 2048}) {
            INDArray mk = pe.shift(k);
            for (double p : POSITIONS) {
                double[] moved = mk.mmul(Nd4j.create(pe.encode(p)).reshape(16, 1)).toDoubleVector();
                assertArrayEquals(pe.encode(p + k), moved, 1e-9, "k = " + k + ", pos = " + p);
            }
        }
    }

    @Test
    void shiftMatricesAreRotationsThatCompose() {
        Sinusoidal pe = Sinusoidal.of(8);
        INDArray m3 = pe.shift(3);
        INDArray m5 = pe.shift(5);
        double[][] gram = m3.transpose().mmul(m3).toDoubleMatrix();
        double[][] product = m3.mmul(m5).toDoubleMatrix();
        double[][] m8 = pe.shift(8).toDoubleMatrix();
        for (int r = 0; r < 8; r++) {
            for (int c = 0; c < 8; c++) {
                assertEquals(r == c ? 1.0 : 0.0, gram[r][c], 1e-15, "MᵀM at " + r + "," + c);
            }
            assertArrayEquals(m8[r], product[r], 1e-14);
        }
        // pair 0 has ω = 1: the block is [[cos k, sin k], [−sin k, cos k]]
        assertArrayEquals(new double[] {Math.cos(3), Math.sin(3), 0, 0, 0, 0, 0, 0}, m3.toDoubleMatrix()[0], 1e-15);
        assertArrayEquals(new double[] {-Math.sin(3), Math.cos(3), 0, 0, 0, 0, 0, 0}, m3.toDoubleMatrix()[1], 1e-15);
    }

    @Test
    void eachPairRepeatsAfterItsWavelengthAndWavelengthsGrow() {
        Sinusoidal pe = Sinusoidal.of(32);
        double[] lambda = pe.wavelengths();
        for (int i = 0; i < lambda.length; i++) {
            if (i > 0) {
                assertTrue(lambda[i] > lambda[i - 1]);
            }
            double[] a = pe.encode(11);
            double[] b = pe.encode(11 + lambda[i]);
            assertEquals(a[2 * i], b[2 * i], 1e-9);
            assertEquals(a[2 * i + 1], b[2 * i + 1], 1e-9);
        }
    }

    @Test
    void tableRowsAreTheEncodingsAtD2() {
        // d = 2: ω_0 = 1, so row p is (sin p, cos p)
        assertEquals(DataType.DOUBLE, Sinusoidal.of(2).table(5).dataType());
        double[][] t = Sinusoidal.of(2).table(5).toDoubleMatrix();
        assertEquals(5, t.length);
        for (int p = 0; p < 5; p++) {
            assertArrayEquals(new double[] {Math.sin(p), Math.cos(p)}, t[p], 1e-15);
        }
        double[][] u = Sinusoidal.of(2).table(new double[] {0.5, 1e6}).toDoubleMatrix();
        assertArrayEquals(new double[] {Math.sin(1e6), Math.cos(1e6)}, u[1], 1e-15);
    }

    @Test
    void badInputIsRejected() {
        assertEquals("d must be even and at least 2, got 7", assertThrows(IllegalArgumentException.class, () -> Sinusoidal.of(7)).getMessage());
        assertEquals("d must be even and at least 2, got 0", assertThrows(IllegalArgumentException.class, () -> Sinusoidal.of(0)).getMessage());
        assertEquals("base must be a finite number greater than 1, got 1.0",
                assertThrows(IllegalArgumentException.class, () -> Sinusoidal.of(8, 1)).getMessage());
        assertEquals("pos must be a finite position, got NaN",
                assertThrows(IllegalArgumentException.class, () -> Sinusoidal.of(8).encode(Double.NaN)).getMessage());
        assertEquals("n must be at least 1, got 0", assertThrows(IllegalArgumentException.class, () -> Sinusoidal.of(8).table(0)).getMessage());
    }
}
