package org.ropelab.geometry;

import org.apache.commons.numbers.complex.Complex;

/**
 * The complex plane as the 2-D plane: {@code x + iy ↔ (x, y)}. Complex arithmetic itself is
 * Apache Commons Numbers' {@link Complex}; this class holds the correspondences the derivations use.
 */
public final class ComplexPlane {
    private ComplexPlane() {
    }

    /** Returns {@code x + iy}. */
    public static Complex complex(double x, double y) {
        requireFinite("x", x);
        requireFinite("y", y);
        return Complex.ofCartesian(x, y);
    }

    /** Returns {@code (Re z, Im z)}. */
    public static double[] vector(Complex z) {
        requireFinite("z", z);
        return new double[] {z.real(), z.imag()};
    }

    /** Returns {@code x + iy} for the vector {@code (x, y)}. */
    public static Complex complex(double[] v) {
        if (v.length != 2) {
            throw new IllegalArgumentException("a vector of the plane has 2 components, got " + v.length);
        }
        return complex(v[0], v[1]);
    }

    /**
     * Returns the real 2×2 matrix of "multiply by {@code w = a + ib}":
     * {@code [[a, −b], [b, a]]}, so that {@code Matrices.apply(M, (x, y)) = vector(w·(x + iy))}.
     */
    public static double[][] multiplicationMatrix(Complex w) {
        requireFinite("w", w);
        return new double[][] {{w.real(), -w.imag()}, {w.imag(), w.real()}};
    }

    /**
     * Returns the inner product of {@code z = a + ib} and {@code w = c + id} as plane vectors:
     * {@code ⟨z, w⟩ = ac + bd}, a real number.
     */
    public static double innerProduct(Complex z, Complex w) {
        requireFinite("z", z);
        requireFinite("w", w);
        return z.real() * w.real() + z.imag() * w.imag();
    }

    /** Returns {@code z} written as {@code a + bi} (or {@code a - bi}) with up to 6 significant digits. */
    public static String text(Complex z) {
        String re = short6(z.real());
        String im = short6(Math.abs(z.imag()));
        return re + (z.imag() < 0 || (z.imag() == 0 && 1 / z.imag() < 0) ? " - " : " + ") + im + "i";
    }

    private static String short6(double x) {
        return new java.math.BigDecimal(x).round(new java.math.MathContext(6)).stripTrailingZeros().toPlainString();
    }

    /**
     * Returns {@code e^z} summed from its power series {@code Σ_{n<terms} zⁿ/n!}, a computation of
     * the exponential that uses neither {@code cos} nor {@code sin}.
     */
    public static Complex expBySeries(Complex z, int terms) {
        requireFinite("z", z);
        if (terms < 1) {
            throw new IllegalArgumentException("terms must be at least 1, got " + terms);
        }
        Complex sum = Complex.ZERO;
        Complex term = Complex.ONE;
        for (int n = 0; n < terms; n++) {
            sum = sum.add(term);
            term = term.multiply(z).divide(n + 1);
        }
        return sum;
    }

    static void requireFinite(String name, Complex z) {
        if (!Double.isFinite(z.real()) || !Double.isFinite(z.imag())) {
            throw new IllegalArgumentException(name + " must be finite, got " + z);
        }
    }

    private static void requireFinite(String name, double x) {
        if (!Double.isFinite(x)) {
            throw new IllegalArgumentException(name + " must be finite, got " + x);
        }
    }
}
