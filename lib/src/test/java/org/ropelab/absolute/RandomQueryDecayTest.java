package org.ropelab.absolute;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RandomQueryDecayTest {
    @Test
    void curveOfTwoDimensionsByHand() {
        // d = 2: PE(n) = (sin n, cos n); q = (1, 0), k = (0, 1): (1, 1)·(sin n, 1 + cos n)
        double[] c = RandomQueryDecay.curve(Sinusoidal.of(2), new double[] {1, 0}, new double[] {0, 1}, 10);
        for (int n = 0; n <= 10; n++) {
            assertEquals(Math.sin(n) + 1 + Math.cos(n), c[n], 1e-14);
        }
    }

    @Test
    void withoutQAndKTheCurveIsTheCosineSum() {
        // PE(0)·PE(n) = Σ_i cos(n·10000^(−2i/d))
        double[] c = RandomQueryDecay.seededCurve(Sinusoidal.of(16), 7, 0, 200);
        for (int n = 0; n <= 200; n++) {
            double sum = 0;
            for (int i = 0; i < 8; i++) {
                sum += Math.cos(n * Math.pow(10000, -2.0 * i / 16));
            }
            assertEquals(sum, c[n], 1e-12);
        }
        var summary = RandomQueryDecay.seeds(Sinusoidal.of(16), 0, 3, 0, 200);
        assertEquals(1, summary.medianDropRatio(), 1e-12);
        assertEquals(1, summary.minCorrelation(), 1e-12);
    }

    @Test
    void correlationOfKnownSeries() {
        assertEquals(1, RandomQueryDecay.correlation(new double[] {1, 2, 3, 4}, new double[] {2, 4, 6, 8}), 1e-15);
        assertEquals(-1, RandomQueryDecay.correlation(new double[] {1, 2, 3, 4}, new double[] {4, 3, 2, 1}), 1e-15);
        // x = (1, 2, 3), y = (1, 3, 2): Σ(x−2)(y−2) = 1, Σ(x−2)² = Σ(y−2)² = 2, r = 1/2
        assertEquals(0.5, RandomQueryDecay.correlation(new double[] {1, 2, 3}, new double[] {1, 3, 2}), 1e-15);
    }

    @Test
    void dropIsNearMeanMinusFarMean() {
        double[] c = new double[101];
        for (int n = 0; n < 50; n++) {
            c[n] = 3;
        }
        // n = 50 .. 100: far window is 50 .. 100 with value 1
        for (int n = 50; n <= 100; n++) {
            c[n] = 1;
        }
        assertEquals(2, RandomQueryDecay.drop(c), 1e-15);
    }
}
