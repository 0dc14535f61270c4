package org.ropelab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class NgramLanguageTest {
    private static double h(double p) {
        return -p * Math.log(p) - (1 - p) * Math.log(1 - p);
    }

    @Test
    void twoStateChainHasTheClosedFormStationaryDistributionAndEntropyRate() {
        double a = 0.2;   // P(1 | 0)
        double b = 0.6;   // P(0 | 1)
        NgramLanguage lang = NgramLanguage.of(new double[][] {{1 - a, a}, {b, 1 - b}});
        double pi0 = b / (a + b);
        assertEquals(pi0, lang.stationary()[0], 1e-12);
        assertEquals(pi0 * h(a) + (1 - pi0) * h(b), lang.entropyRate(), 1e-12);
        assertEquals(lang.entropyRate(), lang.floor(0), 0);
    }

    @Test
    void aTrigramTableThatIgnoresTheOlderTokenIsTheBigramChain() {
        double a = 0.3;
        double b = 0.9;
        double[][] q = {{1 - a, a}, {b, 1 - b}};
        double[][] next = new double[4][];
        for (int c = 0; c < 4; c++) {
            next[c] = q[c % 2].clone();   // context (older, newer) = (c / 2, c % 2)
        }
        NgramLanguage lang = NgramLanguage.of(next);
        double pi0 = b / (a + b);
        double rate = pi0 * h(a) + (1 - pi0) * h(b);
        assertEquals(3, lang.order());
        assertEquals(rate, lang.entropyRate(), 1e-12);
        assertEquals(rate, lang.floor(0), 1e-12);    // H(x1 | x0) of the same chain
        assertEquals(pi0 * (1 - a), lang.stationary()[0], 1e-12);   // P(x0 = 0, x1 = 0)
    }

    @Test
    void uniformLanguageHasEntropyRateLogV() {
        double[][] next = new double[25][5];
        for (double[] row : next) {
            java.util.Arrays.fill(row, 0.2);
        }
        NgramLanguage lang = NgramLanguage.of(next);
        assertEquals(Math.log(5), lang.entropyRate(), 1e-12);
        assertEquals(Math.log(5), lang.floor(0), 1e-12);
    }

    @Test
    void theMeanSurprisalOfALongSampleApproachesTheEntropyRate() {
        NgramLanguage lang = NgramLanguage.random(6, 3, 2, 17);
        int[][] seqs = lang.sample(400, 500, 4);
        double sum = 0;
        long n = 0;
        for (int[] x : seqs) {
            for (int t = 1; t + 1 < x.length; t++) {
                sum -= Math.log(lang.probability(lang.contextAt(x, t), x[t + 1]));
                n++;
            }
        }
        // about 2·10^5 tokens: the standard error of the mean is below 0.005 nats
        assertEquals(lang.entropyRate(), sum / n, 0.02);
    }

    @Test
    void theFirstPositionIsHarderWithOnlyOneTokenOfContext() {
        NgramLanguage lang = NgramLanguage.random(6, 3, 2, 17);
        // empirical H(x1 | x0) from the sampled starts
        int[][] seqs = lang.sample(200_000, 2, 8);
        double[][] counts = new double[6][6];
        for (int[] x : seqs) {
            counts[x[0]][x[1]]++;
        }
        double hCond = 0;
        for (double[] row : counts) {
            double total = java.util.Arrays.stream(row).sum();
            for (double c : row) {
                if (c > 0) {
                    hCond -= c / seqs.length * Math.log(c / total);
                }
            }
        }
        assertEquals(hCond, lang.floor(0), 0.02);
        assertEquals(true, lang.floor(0) > lang.entropyRate());
    }

    @Test
    void badInputIsRejectedWithTheRule() {
        assertEquals("vocab must be at least 2, got 1",
                assertThrows(IllegalArgumentException.class, () -> NgramLanguage.random(1, 3, 1, 0)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> NgramLanguage.of(new double[][] {{0.5, 0.6}, {0.5, 0.5}}));
        assertThrows(IllegalArgumentException.class, () -> NgramLanguage.random(4, 3, 1, 0).floor(-1));
    }
    /** From the second token on, −ln of the typed table entry; averaged over many samples, the exact floors. */
    @Test
    void bestLossOnGivenSequences() {
        NgramLanguage lang = NgramLanguage.of(new double[][] {{0.9, 0.1}, {0.3, 0.7}, {0.6, 0.4}, {0.2, 0.8}});
        double[] b = lang.bestLoss(new int[][] {{0, 1, 1, 0}, {1, 1, 1, 1}});
        assertEquals((-Math.log(0.7) - Math.log(0.8)) / 2, b[1], 1e-12);        // contexts 01 → 1, 11 → 1
        assertEquals((-Math.log(0.2) - Math.log(0.8)) / 2, b[2], 1e-12);        // contexts 11 → 0, 11 → 1
        NgramLanguage random = NgramLanguage.random(4, 3, 2, 7);
        double[] mean = random.bestLoss(random.sample(20000, 5, 8));
        assertEquals(random.floor(0), mean[0], 0.02);
        for (int t = 1; t < 4; t++) {
            assertEquals(random.entropyRate(), mean[t], 0.02, "t = " + t);
        }
    }
}
