package org.ropelab.geometry;

import java.util.Random;
import org.hipparchus.linear.LUDecomposition;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;

/**
 * Small dense matrices and vectors as {@code double[][]} and {@code double[]}, row-major, for the
 * derivations of notebooks 05–07. Decompositions are Hipparchus'; this class only checks shapes
 * and names the operations the way the formulas do.
 */
public final class Matrices {
    private Matrices() {
    }

    /** Returns the {@code n×n} identity {@code I}. */
    public static double[][] identity(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be at least 1, got " + n);
        }
        return MatrixUtils.createRealIdentityMatrix(n).getData();
    }

    /** Returns an {@code rows×cols} matrix of independent standard normal entries drawn from {@code rng}. */
    public static double[][] gaussian(int rows, int cols, Random rng) {
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException("rows and cols must be at least 1, got " + rows + "×" + cols);
        }
        double[][] g = new double[rows][cols];
        for (double[] row : g) {
            for (int j = 0; j < cols; j++) {
                row[j] = rng.nextGaussian();
            }
        }
        return g;
    }

    /** Returns {@code n} independent standard normal numbers drawn from {@code rng}. */
    public static double[] gaussian(int n, Random rng) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be at least 1, got " + n);
        }
        return gaussian(1, n, rng)[0];
    }

    /** Returns the product {@code AB}. */
    public static double[][] multiply(double[][] a, double[][] b) {
        requireMatrix("a", a);
        requireMatrix("b", b);
        if (a[0].length != b.length) {
            throw new IllegalArgumentException("a's columns must equal b's rows, got a " + shape(a) + " and b " + shape(b));
        }
        return real(a).multiply(real(b)).getData();
    }

    /** Returns {@code Mx}. */
    public static double[] apply(double[][] m, double[] x) {
        requireMatrix("m", m);
        if (x == null || x.length != m[0].length) {
            throw new IllegalArgumentException("x must have m's " + m[0].length + " columns as its length, got "
                    + (x == null ? "null" : x.length));
        }
        return real(m).operate(x);
    }

    /** Returns the row vector {@code x·W}, {@code (x·W)_j = Σ_i x_i W_ij} (the projection {@code q = x·W_q}). */
    public static double[] times(double[] x, double[][] w) {
        requireMatrix("w", w);
        if (x == null || x.length != w.length) {
            throw new IllegalArgumentException("x must have w's " + w.length + " rows as its length, got "
                    + (x == null ? "null" : x.length));
        }
        return real(w).preMultiply(x);
    }

    /** Returns the transpose {@code Aᵀ}. */
    public static double[][] transpose(double[][] a) {
        requireMatrix("a", a);
        return real(a).transpose().getData();
    }

    /** Returns the inverse {@code A⁻¹}, by LU decomposition with partial pivoting. */
    public static double[][] inverse(double[][] a) {
        requireSquare("a", a);
        LUDecomposition lu = new LUDecomposition(real(a));
        if (!lu.getSolver().isNonSingular()) {
            throw new IllegalArgumentException("a must be invertible, got a singular " + shape(a) + " matrix");
        }
        return lu.getSolver().getInverse().getData();
    }

    /** Returns the determinant {@code det A}, by LU decomposition. */
    public static double determinant(double[][] a) {
        requireSquare("a", a);
        return new LUDecomposition(real(a)).getDeterminant();
    }

    /** Returns the skew-symmetric part {@code (A − Aᵀ)/2}. */
    public static double[][] skewPart(double[][] a) {
        requireSquare("a", a);
        RealMatrix m = real(a);
        return m.subtract(m.transpose()).scalarMultiply(0.5).getData();
    }

    /** Returns {@code max_ij |A_ij − B_ij|} (NaN if either holds a NaN). */
    public static double maxAbsDifference(double[][] a, double[][] b) {
        requireMatrix("a", a);
        requireMatrix("b", b);
        if (a.length != b.length || a[0].length != b[0].length) {
            throw new IllegalArgumentException("a and b must have the same shape, got " + shape(a) + " and " + shape(b));
        }
        return maxAbs(real(a).subtract(real(b)));
    }

    /** Returns the dot product {@code x·y = Σ x_i y_i}. */
    public static double dot(double[] x, double[] y) {
        if (x == null || y == null || x.length != y.length) {
            throw new IllegalArgumentException("x and y must have the same length, got "
                    + (x == null ? "null" : x.length) + " and " + (y == null ? "null" : y.length));
        }
        return MatrixUtils.createRealVector(x).dotProduct(MatrixUtils.createRealVector(y));
    }

    /** Returns the Euclidean length {@code ‖x‖ = √(x·x)}. */
    public static double norm(double[] x) {
        if (x == null || x.length == 0) {
            throw new IllegalArgumentException("x must have at least one component, got " + (x == null ? "null" : "none"));
        }
        return MatrixUtils.createRealVector(x).getNorm();
    }

    static RealMatrix real(double[][] a) {
        return MatrixUtils.createRealMatrix(a);
    }

    static void requireSquare(String name, double[][] a) {
        requireMatrix(name, a);
        if (a.length != a[0].length) {
            throw new IllegalArgumentException(name + " must be square, got " + shape(a));
        }
    }

    static void requireMatrix(String name, double[][] a) {
        if (a == null || a.length == 0 || a[0] == null || a[0].length == 0) {
            throw new IllegalArgumentException(name + " must have at least one row and one column, got "
                    + (a == null ? "null" : shape(a)));
        }
        for (double[] row : a) {
            if (row == null || row.length != a[0].length) {
                throw new IllegalArgumentException(name + " must be rectangular: every row of length " + a[0].length);
            }
        }
    }

    static String shape(double[][] a) {
        return a.length + "×" + (a.length == 0 || a[0] == null ? 0 : a[0].length);
    }

    private static double maxAbs(RealMatrix m) {
        double max = 0;
        for (double[] row : m.getData()) {
            for (double v : row) {
                max = Math.max(max, Math.abs(v));
            }
        }
        return max;
    }
}
