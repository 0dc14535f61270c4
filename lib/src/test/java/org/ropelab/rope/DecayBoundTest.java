package org.ropelab.rope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.apache.commons.numbers.complex.Complex;
import org.junit.jupiter.api.Test;
import org.ropelab.scaling.PositionInterpolation;
import org.ropelab.scaling.Yarn;

class DecayBoundTest {
    @Test
    void atDistanceZeroTheBoundIsHalfOfHalfTheDimensionPlusOne() {
        // S_j = j at r = 0, so (1/(d/2))·Σ_{j=1}^{d/2} j = (d/2 + 1)/2
        for (int d : new int[] {2, 8, 64, 128, 256}) {
            for (double base : new double[] {10000, 500000}) {
                assertEquals((d / 2 + 1) / 2.0, DecayBound.relative(d, base, 0), 1e-12, "d = " + d + ", base " + base);
            }
        }
        assertEquals(32.5, DecayBound.relative(128, 10000, 0), 1e-12);
    }

    @Test
    void onUnscaledRotaryFrequenciesTheOverloadMatchesTheDimensionAndBaseForm() {
        // RotaryEmbedding computes its own θ_i = b^(−2i/d); the overload on them must give B(r) of (d, base)
        for (int d : new int[] {2, 8, 64, 128}) {
            for (double base : new double[] {10000, 500000}) {
                RotaryEmbedding rope = RotaryEmbedding.of(d, Pairing.HALF_SPLIT).withBase(base);
                for (double r : new double[] {0, 1, 37.5, 4096, 65536}) {
                    assertEquals(DecayBound.relative(d, base, r), DecayBound.relative(rope.thetas(4096), r), 1e-12,
                            "d = " + d + ", base " + base + ", r = " + r);
                }
            }
        }
    }

    @Test
    void positionInterpolationStretchesTheBoundByItsFactor() {
        // θ'_i = θ_i/s, so S_j(s·r) with θ' equals S_j(r) with θ: B_PI(s·r) = B(r)
        RotaryEmbedding rope = RotaryEmbedding.of(128, Pairing.HALF_SPLIT);
        double[] pi = rope.withScaling(PositionInterpolation.of(16)).thetas(65536);
        for (double r : new double[] {3, 100, 4095}) {
            assertEquals(DecayBound.relative(128, 10000, r), DecayBound.relative(pi, 16 * r), 1e-12, "r = " + r);
        }
    }

    @Test
    void withAnyFrequenciesTheBoundAtDistanceZeroIsHalfOfTheCountPlusOne() {
        // S_j = j at r = 0 whatever the frequencies, so the bound is (n + 1)/2 = (d/2 + 1)/2
        double[] scaled = RotaryEmbedding.of(128, Pairing.HALF_SPLIT).withScaling(Yarn.of(16, 4096)).thetas(65536);
        assertEquals(32.5, DecayBound.relative(scaled, 0), 1e-12);
        assertEquals(2.5, DecayBound.relative(new double[] {0.3, 1e-4, 7, 2}, 0), 1e-12);
    }

    @Test
    void twoArbitraryFrequenciesHaveAClosedForm() {
        // |S_1| = 1, |S_2| = |e^{i r a} + e^{i r b}| = 2|cos(r(a − b)/2)|
        double a = 0.37, b = 0.002;
        for (double r : new double[] {0.5, 3, 250.25, 1e5}) {
            double expected = (1 + 2 * Math.abs(Math.cos(r * (a - b) / 2))) / 2;
            assertEquals(expected, DecayBound.relative(new double[] {a, b}, r), 1e-12, "r = " + r);
        }
    }

    @Test
    void fourDimensionsHaveAClosedForm() {
        // d = 4: θ = (1, b^(-1/2)); |S_1| = 1, |S_2| = |e^{ir} + e^{irθ_1}| = 2|cos(r(1 − θ_1)/2)|
        double base = 100, theta1 = 0.1;
        for (double r : new double[] {0.5, 3, 17, 250.25, 1e5}) {
            double expected = (1 + 2 * Math.abs(Math.cos(r * (1 - theta1) / 2))) / 2;
            assertEquals(expected, DecayBound.relative(4, base, r), 1e-12, "r = " + r);
        }
        // d = 2: a single pair, |S_1| = 1 at every distance
        assertEquals(1, DecayBound.relative(2, 10000, 12345.6), 1e-15);
    }

    @Test
    void thePairProductsGiveTheRopeScoreOfTheRotatedVectors() {
        Random rng = new Random(3);
        int d = 16;
        RotaryEmbedding rope = RotaryEmbedding.of(d, Pairing.INTERLEAVED);
        double[] q = gaussian(rng, d), k = gaussian(rng, d);
        double m = 37, n = 12;
        double score = dot(rope.rotateByMatrix(q, m), rope.rotateByMatrix(k, n));
        Complex sum = DecayBound.weightedSum(DecayBound.pairProducts(q, k), rope.thetas(), m - n);
        assertEquals(score, sum.real(), 1e-12);
    }

    @Test
    void abelSummationRewritesTheSumExactly() {
        Random rng = new Random(4);
        double[] thetas = DecayBound.thetas(32, 10000);
        for (int trial = 0; trial < 50; trial++) {
            Complex[] h = DecayBound.pairProducts(gaussian(rng, 32), gaussian(rng, 32));
            double r = 1000 * rng.nextDouble();
            Complex direct = DecayBound.weightedSum(h, thetas, r);
            Complex abel = DecayBound.abelSum(h, thetas, r);
            assertEquals(0, direct.subtract(abel).abs(), 1e-12 * (1 + direct.abs()), "r = " + r);
        }
    }

    @Test
    void theBoundDominatesTheScoreOnRandomInputs() {
        Random rng = new Random(5);
        for (int d : new int[] {8, 64, 128}) {
            double[] thetas = DecayBound.thetas(d, 10000);
            for (int trial = 0; trial < 300; trial++) {
                Complex[] h = DecayBound.pairProducts(gaussian(rng, d), gaussian(rng, d));
                double r = Math.pow(10, 5 * rng.nextDouble());
                double score = DecayBound.weightedSum(h, thetas, r).abs();
                double bound = DecayBound.bound(h, thetas, r);
                assertTrue(score <= bound * (1 + 1e-12), "d = " + d + ", r = " + r + ": " + score + " > " + bound);
            }
        }
    }

    @Test
    void theMaximumStepCountsTheLastPairAgainstZero() {
        Complex[] h = {Complex.ofCartesian(1, 0), Complex.ofCartesian(1, 1), Complex.ofCartesian(0, 5)};
        // steps: |h1 − h0| = 1, |h2 − h1| = |(−1, 4)| = √17, |0 − h2| = 5
        assertEquals(5, DecayBound.maxStep(h), 1e-15);
    }

    @Test
    void badInputIsRejectedWithItsNameAndValue() {
        var e = assertThrows(IllegalArgumentException.class, () -> DecayBound.relative(7, 10000, 1));
        assertEquals("d must be even and at least 2, got 7", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DecayBound.thetas(8, 1));
        assertEquals("base must be finite and greater than 1, got 1.0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DecayBound.relative(8, 10000, Double.NaN));
        assertEquals("r must be finite, got NaN", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DecayBound.pairProducts(new double[4], new double[6]));
        assertEquals("k must have as many components as q (4), got 6", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DecayBound.pairProducts(new double[3], new double[3]));
        assertEquals("q must have an even number (at least 2) of components, got 3", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> DecayBound.bound(new Complex[2], DecayBound.thetas(8, 10000), 1));
        assertEquals("h must hold one product per frequency (4), got 2", e.getMessage());
    }

    private static double[] gaussian(Random rng, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = rng.nextGaussian();
        }
        return x;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
