package org.ropelab.absolute;

import java.util.Arrays;
import java.util.Random;

/**
 * Document 003's experiment: how much of the decay of {@code PE(0)·PE(n)} survives in
 * {@code (q + PE(0))·(k + PE(n))} for random {@code q, k}. The <em>drop</em> of a curve over
 * {@code n = 0 .. far} is its mean over {@code n < 50} minus its mean over {@code far/2 ≤ n ≤ far};
 * the <em>drop ratio</em> divides a curve's drop by that of {@code PE(0)·PE(n)} alone.
 */
public final class RandomQueryDecay {
    /** Over a set of seeds: the median, least and largest drop ratio, the median and least correlation with the pure curve. */
    public record Summary(double medianDropRatio, double minDropRatio, double maxDropRatio, double medianCorrelation,
            double minCorrelation) {
    }

    private RandomQueryDecay() {
    }

    /** Returns {@code (q + PE(0))·(k + PE(n))} for {@code n = 0 .. far}. */
    public static double[] curve(Sinusoidal pe, double[] q, double[] k, int far) {
        requireFar(far);
        requireWidth("q", q, pe.dim());
        requireWidth("k", k, pe.dim());
        double[] origin = pe.encode(0);
        double[] curve = new double[far + 1];
        for (int n = 0; n <= far; n++) {
            double[] p = pe.encode(n);
            for (int j = 0; j < q.length; j++) {
                curve[n] += (q[j] + origin[j]) * (k[j] + p[j]);
            }
        }
        return curve;
    }

    /** Returns the curve for {@code q, k} drawn from {@code N(0, scale²)} with {@code new Random(seed)}, {@code q_j} then {@code k_j} for each j. */
    public static double[] seededCurve(Sinusoidal pe, long seed, double scale, int far) {
        if (!(scale >= 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("scale must be finite and at least 0, got " + scale);
        }
        Random r = new Random(seed);
        double[] q = new double[pe.dim()];
        double[] k = new double[pe.dim()];
        for (int j = 0; j < q.length; j++) {
            q[j] = scale * r.nextGaussian();
            k[j] = scale * r.nextGaussian();
        }
        return curve(pe, q, k, far);
    }

    /** Returns the mean of {@code curve} over {@code n < 50} minus its mean over {@code far/2 ≤ n ≤ far} ({@code far = length − 1 ≥ 100}). */
    public static double drop(double[] curve) {
        if (curve.length < 101) {
            throw new IllegalArgumentException("curve must cover n = 0 .. far with far ≥ 100, got " + curve.length + " values");
        }
        int far = curve.length - 1;
        return mean(curve, 0, 50) - mean(curve, far / 2, far + 1);
    }

    /** Returns Pearson's correlation {@code Σ(a−ā)(b−b̄) / √(Σ(a−ā)²·Σ(b−b̄)²)} of two series of equal length ≥ 2. */
    public static double correlation(double[] a, double[] b) {
        if (a.length != b.length || a.length < 2) {
            throw new IllegalArgumentException("a and b must have one equal length ≥ 2, got " + a.length + " and " + b.length);
        }
        double ma = mean(a, 0, a.length);
        double mb = mean(b, 0, b.length);
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / Math.sqrt(saa * sbb);
    }

    /** Returns the summary over seeds {@code first .. first + count − 1} of the drop ratio and the correlation with {@code PE(0)·PE(n)}. */
    public static Summary seeds(Sinusoidal pe, long first, int count, double scale, int far) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, got " + count);
        }
        double[] pure = curve(pe, new double[pe.dim()], new double[pe.dim()], far);
        double pureDrop = drop(pure);
        double[] ratios = new double[count];
        double[] cors = new double[count];
        for (int s = 0; s < count; s++) {
            double[] c = seededCurve(pe, first + s, scale, far);
            ratios[s] = drop(c) / pureDrop;
            cors[s] = correlation(c, pure);
        }
        Arrays.sort(ratios);
        Arrays.sort(cors);
        return new Summary(median(ratios), ratios[0], ratios[count - 1], median(cors), cors[0]);
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double mean(double[] x, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += x[i];
        }
        return s / (to - from);
    }

    private static void requireFar(int far) {
        if (far < 1) {
            throw new IllegalArgumentException("far must be at least 1, got " + far);
        }
    }

    private static void requireWidth(String name, double[] v, int d) {
        if (v.length != d) {
            throw new IllegalArgumentException(name + " must have d = " + d + " components, got " + v.length);
        }
    }
}
