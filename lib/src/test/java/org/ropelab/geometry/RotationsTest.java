package org.ropelab.geometry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.hipparchus.complex.Complex;
import org.hipparchus.linear.EigenDecompositionNonSymmetric;
import org.junit.jupiter.api.Test;

class RotationsTest {

    @Test
    void positiveAnglesTurnCounterClockwise() {
        assertArrayEquals(new double[] {0, 1}, Matrices.apply(Rotations.r(Math.PI / 2), new double[] {1, 0}), 1e-16);
        double h = Math.sqrt(3) / 2;   // cos 30°, sin 60°
        assertArrayEquals(new double[] {h, 0.5}, Matrices.apply(Rotations.r(Math.PI / 6), new double[] {1, 0}), 1e-15);
        assertArrayEquals(new double[] {-0.5, h}, Matrices.apply(Rotations.r(Math.PI / 6), new double[] {0, 1}), 1e-15);
    }

    @Test
    void blockDiagonalTurnsEachPairOfBasisVectorsByItsOwnAngle() {
        double[][] m = Rotations.blockDiagonal(Math.PI / 2, Math.PI / 3, Math.PI);
        double h = Math.sqrt(3) / 2;
        assertArrayEquals(new double[] {0, 1, 0, 0, 0, 0}, Matrices.apply(m, new double[] {1, 0, 0, 0, 0, 0}), 1e-16);
        assertArrayEquals(new double[] {-1, 0, 0, 0, 0, 0}, Matrices.apply(m, new double[] {0, 1, 0, 0, 0, 0}), 1e-16);
        assertArrayEquals(new double[] {0, 0, 0.5, h, 0, 0}, Matrices.apply(m, new double[] {0, 0, 1, 0, 0, 0}), 1e-15);
        assertArrayEquals(new double[] {0, 0, 0, 0, 0, -1}, Matrices.apply(m, new double[] {0, 0, 0, 0, 0, 1}), 1e-15);
    }

    @Test
    void expOfThePlaneGeneratorIsTheRotationMatrix() {
        // 7.5, 10, 20 and 40 need scaling and squaring (‖A‖₁ > 5.37), where the Padé approximant alone is not exact
        for (double theta : new double[] {0, 0.3, -1.1, Math.PI / 2, 3.0, -3.1, 7.5, 10, -20, 40}) {
            double[][] e = Rotations.exp(new double[][] {{0, -theta}, {theta, 0}});
            double[][] expected = {{Math.cos(theta), -Math.sin(theta)}, {Math.sin(theta), Math.cos(theta)}};
            assertEquals(0, Matrices.maxAbsDifference(e, expected), 1e-13, "θ = " + theta);
        }
    }

    @Test
    void expOfACrossProductMatrixIsRodriguesFormula() {
        // A = φ[u]× for a unit axis u: exp(A) = I + sin φ K + (1 − cos φ) K², K = [u]×
        double[] u = {1 / Math.sqrt(14), 2 / Math.sqrt(14), 3 / Math.sqrt(14)};
        double phi = 2.2;
        double[][] k = {{0, -u[2], u[1]}, {u[2], 0, -u[0]}, {-u[1], u[0], 0}};
        double[][] k2 = Matrices.multiply(k, k);
        double[][] expected = Matrices.identity(3);
        double[][] a = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                expected[i][j] += Math.sin(phi) * k[i][j] + (1 - Math.cos(phi)) * k2[i][j];
                a[i][j] = phi * k[i][j];
            }
        }
        assertEquals(0, Matrices.maxAbsDifference(Rotations.exp(a), expected), 1e-14);
    }

    @Test
    void logOfAPlaneRotationIsItsAngleTimesTheGenerator() {
        for (double theta : new double[] {0, 1e-9, 0.7, -2.5, 3.1}) {
            double[][] a = Rotations.log(Rotations.r(theta));
            assertEquals(0, Matrices.maxAbsDifference(a, new double[][] {{0, -theta}, {theta, 0}}), 1e-13, "θ = " + theta);
        }
    }

    @Test
    void logUndoesExpForAnglesBelowAHalfTurn() {
        Random rng = new Random(5);
        for (int n = 2; n <= 9; n++) {
            // A = Q·diag(φ_i J)·Qᵀ with known angles φ_i in (0, 3): its rotation's principal log is A itself
            double[] phis = new double[n / 2];
            for (int i = 0; i < phis.length; i++) {
                phis[i] = 0.1 + 2.9 * rng.nextDouble();
            }
            double[][] blocks = new double[n][n];
            for (int i = 0; i < phis.length; i++) {
                blocks[2 * i][2 * i + 1] = -phis[i];
                blocks[2 * i + 1][2 * i] = phis[i];
            }
            double[][] q = Rotations.random(n, rng);
            double[][] a = Matrices.multiply(Matrices.multiply(q, blocks), Matrices.transpose(q));
            double[][] m = Rotations.exp(a);
            assertEquals(0, Matrices.maxAbsDifference(Rotations.log(m), a), 1e-11, "n = " + n);
        }
    }

    @Test
    void logKeepsItsAccuracyJustShortOfAHalfTurn() {
        Random rng = new Random(8);
        double[][] q = Rotations.random(5, rng);
        for (double phi : new double[] {Math.PI - 1e-3, Math.PI - 1e-6}) {
            double[][] blocks = new double[5][5];
            blocks[0][1] = -phi;
            blocks[1][0] = phi;
            blocks[2][3] = -0.4;
            blocks[3][2] = 0.4;
            double[][] a = Matrices.multiply(Matrices.multiply(q, blocks), Matrices.transpose(q));
            assertEquals(0, Matrices.maxAbsDifference(Rotations.log(Rotations.exp(a)), a), 1e-10, "φ = π − " + (Math.PI - phi));
        }
    }

    @Test
    void expOfLogRebuildsRandomRotations() {
        Random rng = new Random(6);
        for (int n = 2; n <= 64; n += n < 12 ? 1 : 13) {
            double[][] m = Rotations.random(n, rng);
            double[][] a = Rotations.log(m);
            assertEquals(0, Rotations.skewSymmetryError(a), 1e-15);
            assertEquals(0, Matrices.maxAbsDifference(Rotations.exp(a), m), 1e-12, "n = " + n);
        }
    }

    @Test
    void randomRotationsAreOrthogonalWithDeterminantOne() {
        Random rng = new Random(7);
        for (int n = 2; n <= 10; n++) {
            double[][] m = Rotations.random(n, rng);
            assertEquals(0, Rotations.orthogonalityError(m), 1e-14);
            // random() flips a column when the LU determinant is negative, so LU cannot confirm its own fix;
            // the product of the eigenvalues (Hessenberg–QR iteration, no LU) is an independent determinant
            Complex det = new EigenDecompositionNonSymmetric(Matrices.real(m)).getDeterminant();
            assertEquals(1, det.getReal(), 1e-12, "n = " + n);
            assertEquals(0, det.getImaginary(), 1e-12, "n = " + n);
        }
    }

    @Test
    void rotationsBuiltWithoutADeterminantHaveDeterminantOne() {
        // two constructions that never look at a determinant: 2n² random plane (Givens) turns applied to I,
        // and exp(A) for a random skew-symmetric A; the LU determinant of both must come out +1
        Random rng = new Random(7);
        for (int n = 2; n <= 10; n++) {
            double[][] turned = Matrices.identity(n);
            for (int step = 0; step < 2 * n * n; step++) {
                int i = rng.nextInt(n);
                int j = rng.nextInt(n - 1);
                if (j >= i) {
                    j++;
                }
                double phi = (2 * rng.nextDouble() - 1) * Math.PI;
                double[][] g = Matrices.identity(n);
                g[i][i] = Math.cos(phi);
                g[i][j] = -Math.sin(phi);
                g[j][i] = Math.sin(phi);
                g[j][j] = Math.cos(phi);
                turned = Matrices.multiply(g, turned);
            }
            double[][] exponential = Rotations.exp(Matrices.skewPart(Matrices.gaussian(n, n, rng)));
            for (double[][] m : new double[][][] {turned, exponential}) {
                assertEquals(0, Rotations.orthogonalityError(m), 1e-13, "n = " + n);
                assertEquals(1, Matrices.determinant(m), 1e-13, "n = " + n);
                assertTrue(Rotations.isRotation(m, 1e-12));
            }
        }
    }

    @Test
    void aReflectionFlipsItsNormalKeepsItsPlaneAndHasDeterminantMinusOne() {
        double[] n = {1, 2, 2};
        double[][] h = Rotations.reflection(n);
        assertArrayEquals(new double[] {-1, -2, -2}, Matrices.apply(h, n), 1e-15);
        assertArrayEquals(new double[] {2, -1, 0}, Matrices.apply(h, new double[] {2, -1, 0}), 1e-15);
        assertEquals(-1, Matrices.determinant(h), 1e-15);
        assertEquals(0, Rotations.orthogonalityError(h), 1e-15);
        assertFalse(Rotations.isRotation(h, 1e-9));
    }

    @Test
    void orthogonalityErrorOfAShear() {
        // [[1, 1], [0, 1]]ᵀ[[1, 1], [0, 1]] − I = [[0, 1], [1, 1]]
        assertEquals(1, Rotations.orthogonalityError(new double[][] {{1, 1}, {0, 1}}), 0);
        assertFalse(Rotations.isRotation(new double[][] {{2, 0}, {0, 0.5}}, 1e-9));
    }

    @Test
    void badInputIsRejectedWithItsRule() {
        var notSkew = assertThrows(IllegalArgumentException.class, () -> Rotations.exp(new double[][] {{0, 1}, {1, 0}}));
        assertTrue(notSkew.getMessage().contains("skew-symmetric"), notSkew.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Rotations.exp(new double[][] {{0, 1, 2}, {-1, 0, 3}}));
        var reflection = assertThrows(IllegalArgumentException.class, () -> Rotations.log(Rotations.reflection(new double[] {1, 0})));
        assertTrue(reflection.getMessage().contains("det M = -1"), reflection.getMessage());
        var halfTurn = assertThrows(IllegalArgumentException.class, () -> Rotations.log(Rotations.r(Math.PI)));
        assertTrue(halfTurn.getMessage().contains("half turn"), halfTurn.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Rotations.blockDiagonal());
        assertThrows(IllegalArgumentException.class, () -> Rotations.random(1, new Random(1)));
        assertThrows(IllegalArgumentException.class, () -> Rotations.reflection(new double[] {0, 0}));
    }
}
