package org.ropelab.absolute;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The sinusoidal position encoding of "Attention Is All You Need":
 * {@code PE(pos, 2i) = sin(pos·ω_i)}, {@code PE(pos, 2i+1) = cos(pos·ω_i)}, {@code ω_i = base^(−2i/d)},
 * {@code i = 0 .. d/2−1}; sine and cosine of one frequency sit side by side (interleaved layout).
 */
public final class Sinusoidal {
    /** The base of the original Transformer. */
    public static final double DEFAULT_BASE = 10000;

    private final int d;
    private final double base;
    private final double[] omega;

    private Sinusoidal(int d, double base) {
        if (d < 2 || d % 2 != 0) {
            throw new IllegalArgumentException("d must be even and at least 2, got " + d);
        }
        if (!(base > 1) || Double.isInfinite(base)) {
            throw new IllegalArgumentException("base must be a finite number greater than 1, got " + base);
        }
        this.d = d;
        this.base = base;
        this.omega = new double[d / 2];
        for (int i = 0; i < d / 2; i++) {
            omega[i] = Math.pow(base, -2.0 * i / d);
        }
    }

    /** Returns the encoding of dimension {@code d} with base 10000. */
    public static Sinusoidal of(int d) {
        return new Sinusoidal(d, DEFAULT_BASE);
    }

    /** Returns the encoding of dimension {@code d} with the given {@code base}. */
    public static Sinusoidal of(int d, double base) {
        return new Sinusoidal(d, base);
    }

    /** Returns the dimension {@code d}. */
    public int dim() {
        return d;
    }

    /** Returns the base. */
    public double base() {
        return base;
    }

    /** Returns the frequencies {@code ω_i = base^(−2i/d)}, {@code i = 0 .. d/2−1}, in radians per position. */
    public double[] frequencies() {
        return omega.clone();
    }

    /** Returns the wavelengths {@code λ_i = 2π/ω_i = 2π·base^(2i/d)}, in positions. */
    public double[] wavelengths() {
        double[] lambda = new double[omega.length];
        for (int i = 0; i < omega.length; i++) {
            lambda[i] = 2 * Math.PI / omega[i];
        }
        return lambda;
    }

    /** Returns {@code PE(pos)}: {@code (sin pos·ω_0, cos pos·ω_0, sin pos·ω_1, cos pos·ω_1, …)}, for any finite {@code pos}. */
    public double[] encode(double pos) {
        requireFinite("pos", pos);
        double[] pe = new double[d];
        for (int i = 0; i < omega.length; i++) {
            pe[2 * i] = Math.sin(pos * omega[i]);
            pe[2 * i + 1] = Math.cos(pos * omega[i]);
        }
        return pe;
    }

    /** Returns the table {@code [n, d]} whose row {@code p} is {@code PE(p)}, {@code p = 0 .. n−1}. */
    public INDArray table(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be at least 1, got " + n);
        }
        double[] positions = new double[n];
        for (int p = 0; p < n; p++) {
            positions[p] = p;
        }
        return table(positions);
    }

    /** Returns the table {@code [positions.length, d]} whose row {@code r} is {@code PE(positions[r])}. */
    public INDArray table(double[] positions) {
        if (positions == null || positions.length == 0) {
            throw new IllegalArgumentException("positions must hold at least one position, got "
                    + (positions == null ? "null" : "none"));
        }
        double[][] rows = new double[positions.length][];
        for (int r = 0; r < positions.length; r++) {
            rows[r] = encode(positions[r]);
        }
        return Nd4j.create(rows);
    }

    /**
     * Returns {@code PE(m)·PE(n) = Σ_i cos((m−n)·ω_i)}, the closed form of the dot product of two
     * encodings, which depends on the distance {@code m − n} only.
     */
    public double dot(double m, double n) {
        requireFinite("m", m);
        requireFinite("n", n);
        double sum = 0;
        for (double w : omega) {
            sum += Math.cos((m - n) * w);
        }
        return sum;
    }

    /**
     * Returns the matrix {@code M_k} ({@code [d, d]}) with {@code PE(pos + k) = M_k·PE(pos)} for every
     * {@code pos}: block-diagonal, block {@code i} is {@code [[cos kω_i, sin kω_i], [−sin kω_i, cos kω_i]]},
     * the rotation by {@code −kω_i} (the angle-addition formulas for the pair {@code (sin, cos)}).
     */
    public INDArray shift(double k) {
        requireFinite("k", k);
        INDArray m = Nd4j.zeros(DataType.DOUBLE, d, d);
        for (int i = 0; i < omega.length; i++) {
            double c = Math.cos(k * omega[i]);
            double s = Math.sin(k * omega[i]);
            m.putScalar(2 * i, 2 * i, c);
            m.putScalar(2 * i, 2 * i + 1, s);
            m.putScalar(2 * i + 1, 2 * i, -s);
            m.putScalar(2 * i + 1, 2 * i + 1, c);
        }
        return m;
    }

    private static void requireFinite(String name, double x) {
        if (!Double.isFinite(x)) {
            throw new IllegalArgumentException(name + " must be a finite position, got " + x);
        }
    }
}
