package org.ropelab.rope;

import org.apache.commons.numbers.complex.Complex;

/**
 * RoPE's long-term decay bound (RoFormer, Su et al. 2021, §3.4.3). Read the pairs of {@code q} and
 * {@code k} as complex numbers; the score at distance {@code r = m − n} is
 * {@code Re[Σ_i h_i e^{i r θ_i}]} with {@code h_i = q_{[2i:2i+1]}·conj(k_{[2i:2i+1]})},
 * {@code θ_i = base^(−2i/d)}, {@code i = 0..d/2−1}. With the partial sums
 * {@code S_j = Σ_{k=0}^{j−1} e^{i r θ_k}} ({@code S_0 = 0}) and {@code h_{d/2} = 0}, Abel summation gives
 * {@code Σ_i h_i e^{irθ_i} = Σ_{j=1}^{d/2} (h_{j−1} − h_j)·S_j}, hence
 * {@code |Σ_i h_i e^{irθ_i}| ≤ (max_i |h_{i+1} − h_i|)·Σ_{j=1}^{d/2} |S_j|}. The factor that depends on
 * {@code r} alone, averaged, is the relative upper bound {@code B(r) = (1/(d/2))·Σ_{j=1}^{d/2} |S_j|}.
 * Double precision, complex arithmetic with Commons Numbers {@link Complex}. Static methods only.
 */
public final class DecayBound {
    private DecayBound() {
    }

    /** Returns the frequencies {@code θ_i = base^(−2i/d)}, {@code i = 0..d/2−1}. */
    public static double[] thetas(int d, double base) {
        requireDim(d);
        if (!(base > 1) || Double.isInfinite(base)) {
            throw new IllegalArgumentException("base must be finite and greater than 1, got " + base);
        }
        double[] t = new double[d / 2];
        for (int i = 0; i < t.length; i++) {
            t[i] = Math.pow(base, -2.0 * i / d);
        }
        return t;
    }

    /** Returns the partial sums {@code (S_1, …, S_{d/2})}, {@code S_j = Σ_{k=0}^{j−1} e^{i r θ_k}}. */
    public static Complex[] partialSums(double[] thetas, double r) {
        requireThetas(thetas);
        requireFinite("r", r);
        Complex[] s = new Complex[thetas.length];
        Complex acc = Complex.ZERO;
        for (int k = 0; k < thetas.length; k++) {
            acc = acc.add(Complex.ofCis(r * thetas[k]));
            s[k] = acc;
        }
        return s;
    }

    /** Returns {@code Σ_{j=1}^{d/2} |S_j|}, the distance-dependent factor of the bound. */
    public static double sumOfPartialSums(double[] thetas, double r) {
        double sum = 0;
        for (Complex s : partialSums(thetas, r)) {
            sum += s.abs();
        }
        return sum;
    }

    /** Returns the relative upper bound {@code B(r) = (1/(d/2))·Σ_{j=1}^{d/2} |S_j|} for dimension {@code d} and {@code base}. */
    public static double relative(int d, double base, double r) {
        return relative(thetas(d, base), r);
    }

    /**
     * Returns {@code B(r) = (1/n)·Σ_{j=1}^{n} |S_j|} for any {@code n} frequencies, e.g. a scaled
     * schedule's {@code RotaryEmbedding.thetas(L)}; the Abel-summation bound holds for every frequency
     * list, in the order given.
     */
    public static double relative(double[] thetas, double r) {
        return sumOfPartialSums(thetas, r) / thetas.length;
    }

    /**
     * Returns the per-pair products {@code h_i = (q_{2i} + i q_{2i+1})·conj(k_{2i} + i k_{2i+1})} of
     * interleaved {@code q} and {@code k}, so that the RoPE score at distance {@code r = m − n} is
     * {@code Re[Σ_i h_i e^{i r θ_i}]}.
     */
    public static Complex[] pairProducts(double[] q, double[] k) {
        requireVector("q", q);
        requireVector("k", k);
        if (q.length != k.length) {
            throw new IllegalArgumentException("k must have as many components as q (" + q.length + "), got " + k.length);
        }
        Complex[] h = new Complex[q.length / 2];
        for (int i = 0; i < h.length; i++) {
            h[i] = Complex.ofCartesian(q[2 * i], q[2 * i + 1]).multiply(Complex.ofCartesian(k[2 * i], k[2 * i + 1]).conj());
        }
        return h;
    }

    /** Returns {@code Σ_i h_i e^{i r θ_i}}, summed directly. */
    public static Complex weightedSum(Complex[] h, double[] thetas, double r) {
        requirePairs(h, thetas);
        requireFinite("r", r);
        Complex sum = Complex.ZERO;
        for (int i = 0; i < h.length; i++) {
            sum = sum.add(h[i].multiply(Complex.ofCis(r * thetas[i])));
        }
        return sum;
    }

    /** Returns {@code Σ_{j=1}^{d/2} (h_{j−1} − h_j)·S_j} with {@code h_{d/2} = 0}: the same sum after Abel summation. */
    public static Complex abelSum(Complex[] h, double[] thetas, double r) {
        requirePairs(h, thetas);
        Complex[] s = partialSums(thetas, r);
        Complex sum = Complex.ZERO;
        for (int j = 1; j <= h.length; j++) {
            Complex next = j < h.length ? h[j] : Complex.ZERO;
            sum = sum.add(h[j - 1].subtract(next).multiply(s[j - 1]));
        }
        return sum;
    }

    /** Returns {@code max_i |h_{i+1} − h_i|} over {@code i = 0..d/2−1}, with {@code h_{d/2} = 0}. */
    public static double maxStep(Complex[] h) {
        if (h == null || h.length == 0) {
            throw new IllegalArgumentException("h must hold at least one pair product, got " + (h == null ? "null" : "none"));
        }
        double max = 0;
        for (int i = 0; i < h.length; i++) {
            Complex next = i + 1 < h.length ? h[i + 1] : Complex.ZERO;
            max = Math.max(max, next.subtract(h[i]).abs());
        }
        return max;
    }

    /** Returns the Abel-summation bound {@code (max_i |h_{i+1} − h_i|)·Σ_{j=1}^{d/2} |S_j|} on {@code |Σ_i h_i e^{irθ_i}|}. */
    public static double bound(Complex[] h, double[] thetas, double r) {
        requirePairs(h, thetas);
        return maxStep(h) * sumOfPartialSums(thetas, r);
    }

    private static void requireDim(int d) {
        if (d < 2 || d % 2 != 0) {
            throw new IllegalArgumentException("d must be even and at least 2, got " + d);
        }
    }

    private static void requireVector(String name, double[] x) {
        if (x == null || x.length < 2 || x.length % 2 != 0) {
            throw new IllegalArgumentException(name + " must have an even number (at least 2) of components, got "
                    + (x == null ? "null" : x.length));
        }
    }

    private static void requireThetas(double[] thetas) {
        if (thetas == null || thetas.length == 0) {
            throw new IllegalArgumentException("thetas must hold at least one frequency, got " + (thetas == null ? "null" : "none"));
        }
    }

    private static void requirePairs(Complex[] h, double[] thetas) {
        requireThetas(thetas);
        if (h == null || h.length != thetas.length) {
            throw new IllegalArgumentException("h must hold one product per frequency (" + thetas.length + "), got "
                    + (h == null ? "null" : h.length));
        }
    }

    private static void requireFinite(String name, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be finite, got " + value);
        }
    }
}
