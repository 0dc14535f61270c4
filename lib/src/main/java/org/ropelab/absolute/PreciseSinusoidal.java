package org.ropelab.absolute;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * The sinusoidal encoding with base 10000 computed without rounding the angle to a double: for
 * {@code d = 2^k ≥ 8}, {@code ω_i = 10000^(−2i/d) = 10^(−8i/d)} is {@code k − 3} nested square roots
 * of {@code 10^(−i)}, taken in 60-digit decimal arithmetic; {@code T·ω_i} is reduced modulo
 * {@code 2π} (π from Machin's formula {@code π = 16 arctan(1/5) − 4 arctan(1/239)}, 60 digits) and
 * only the reduced angle in {@code [0, 2π)} becomes a double for {@link Math#sin} and
 * {@link Math#cos}. A reference for {@link Sinusoidal#encode(double)} at large positions.
 */
public final class PreciseSinusoidal {
    private static final MathContext MC = new MathContext(60);
    private static final BigDecimal TWO_PI = arctanOfInverse(5).multiply(BigDecimal.valueOf(16))
            .subtract(arctanOfInverse(239).multiply(BigDecimal.valueOf(4)), MC).multiply(BigDecimal.valueOf(2), MC);

    private final BigDecimal[] omega;

    private PreciseSinusoidal(int d) {
        if (d < 8 || Integer.bitCount(d) != 1) {
            throw new IllegalArgumentException("d must be a power of two, at least 8, got " + d);
        }
        int roots = Integer.numberOfTrailingZeros(d) - 3;
        omega = new BigDecimal[d / 2];
        for (int i = 0; i < d / 2; i++) {
            BigDecimal root = BigDecimal.ONE.movePointLeft(i);
            for (int r = 0; r < roots; r++) {
                root = root.sqrt(MC);
            }
            omega[i] = root;
        }
    }

    /** Returns the 60-digit encoding of dimension {@code d} (a power of two, at least 8), base 10000. */
    public static PreciseSinusoidal of(int d) {
        return new PreciseSinusoidal(d);
    }

    /** Returns {@code PE(T)}: {@code sin} and {@code cos} of {@code (T·ω_i mod 2π)}, interleaved, for a finite {@code T}. */
    public double[] encode(double T) {
        if (!Double.isFinite(T)) {
            throw new IllegalArgumentException("T must be finite, got " + T);
        }
        double[] pe = new double[2 * omega.length];
        BigDecimal t = new BigDecimal(T);
        for (int i = 0; i < omega.length; i++) {
            BigDecimal reduced = t.multiply(omega[i], MC).remainder(TWO_PI, MC);
            double angle = reduced.signum() < 0 ? reduced.add(TWO_PI, MC).doubleValue() : reduced.doubleValue();
            pe[2 * i] = Math.sin(angle);
            pe[2 * i + 1] = Math.cos(angle);
        }
        return pe;
    }

    /** Returns {@code arctan(1/x) = Σ (−1)^k / ((2k+1)·x^(2k+1))} to 60 digits. */
    private static BigDecimal arctanOfInverse(int x) {
        BigDecimal bx = BigDecimal.valueOf(x);
        BigDecimal power = BigDecimal.ONE.divide(bx, MC);
        BigDecimal sum = power;
        for (int k = 1; power.compareTo(BigDecimal.ONE.movePointLeft(65)) > 0; k++) {
            power = power.divide(bx.multiply(bx), MC);
            BigDecimal term = power.divide(BigDecimal.valueOf(2 * k + 1), MC);
            sum = k % 2 == 1 ? sum.subtract(term, MC) : sum.add(term, MC);
        }
        return sum;
    }
}
