package org.ropelab.rope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.ropelab.scaling.CriticalDimension;
import org.ropelab.scaling.DynamicNtk;
import org.ropelab.scaling.Llama31Scaling;
import org.ropelab.scaling.LongRope;
import org.ropelab.scaling.NtkAware;
import org.ropelab.scaling.PositionInterpolation;
import org.ropelab.scaling.Yarn;

/** Closed forms and properties of the scaling schedules, derived by hand from their definitions. */
class RopeScalingTest {
    private static final double LLAMA2_BASE = 10000, LLAMA3_BASE = 500000;

    private static double[] plain(double base, int r) {
        double[] t = new double[r / 2];
        for (int i = 0; i < t.length; i++) {
            t[i] = 1 / Math.pow(base, 2.0 * i / r);
        }
        return t;
    }

    private static void assertRelative(double expected, double actual, double tol, String what) {
        double err = Math.abs(actual - expected) / Math.abs(expected);
        assertTrue(err <= tol, what + ": expected " + expected + ", got " + actual + " (relative error " + err + ")");
    }

    @Test
    void positionInterpolationDividesEveryFrequencyByTheFactor() {
        for (double s : new double[] {0.5, 2, 4, 8, 32}) {
            double[] scaled = PositionInterpolation.of(s).thetas(LLAMA2_BASE, 128, 100_000);
            double[] t = plain(LLAMA2_BASE, 128);
            for (int i = 0; i < t.length; i++) {
                assertRelative(t[i], scaled[i] * s, 1e-15, "s = " + s + ", pair " + i);
            }
        }
    }

    @Test
    void ntkKeepsTheHighestFrequencyAndDividesTheLowestByExactlyTheFactor() {
        for (int r : new int[] {4, 32, 64, 128}) {
            for (double s : new double[] {2, 4, 8, 16}) {
                double[] scaled = NtkAware.of(s).thetas(LLAMA2_BASE, r, 1);
                double[] t = plain(LLAMA2_BASE, r);
                assertEquals(1.0, scaled[0], 0.0);
                assertRelative(t[r / 2 - 1] / s, scaled[r / 2 - 1], 1e-13, "r = " + r + ", s = " + s + ", lowest");
                for (int i = 0; i < t.length; i++) {
                    assertRelative(t[i] * Math.pow(s, -2.0 * i / (r - 2)), scaled[i], 1e-13, "r = " + r + ", pair " + i);
                }
            }
        }
        assertRelative(10000 * Math.pow(8, 64.0 / 62), NtkAware.of(8).scaledBase(10000, 64), 1e-15, "base'");
    }

    @Test
    void dynamicNtkIsUnscaledInsideTheContextAndNtkWithFactorSTimesKMinusOneBeyond() {
        DynamicNtk dynamic = DynamicNtk.of(4, 2048);
        double[] t = plain(LLAMA2_BASE, 64);
        for (long l : new long[] {1, 100, 2048}) {
            double[] inside = dynamic.thetas(LLAMA2_BASE, 64, l);
            for (int i = 0; i < t.length; i++) {
                assertRelative(t[i], inside[i], 1e-15, "L = " + l + ", pair " + i);
            }
        }
        for (int k : new int[] {2, 3, 8}) {
            double[] beyond = dynamic.thetas(LLAMA2_BASE, 64, 2048L * k);
            double[] ntk = NtkAware.of(4 * (k - 1) + 1).thetas(LLAMA2_BASE, 64, 1);
            assertEquals(4 * (k - 1) + 1, dynamic.effectiveFactor(2048L * k), 1e-12);
            for (int i = 0; i < t.length; i++) {
                assertRelative(ntk[i], beyond[i], 1e-14, "L = " + k + "·L0, pair " + i);
            }
        }
    }

    @Test
    void yarnAndLlama31AreUnscaledAtFactorOne() {
        List<RopeScaling> identities = List.of(Yarn.of(1, 4096), Yarn.of(1, 8192, 16, 2), Llama31Scaling.of(1, 1, 4, 8192),
                Llama31Scaling.of(1, 2, 8, 4096));
        for (RopeScaling s : identities) {
            for (double base : new double[] {LLAMA2_BASE, LLAMA3_BASE}) {
                double[] t = plain(base, 128);
                double[] scaled = s.thetas(base, 128, 100_000);
                for (int i = 0; i < t.length; i++) {
                    assertRelative(t[i], scaled[i], 1e-15, s + ", base " + base + ", pair " + i);
                }
            }
            assertEquals(1.0, s.attentionFactor(100_000), 0.0, s.name());
        }
    }

    @Test
    void yarnKeepsPairsTurningMoreThanBetaFastTimesAndInterpolatesPairsTurningLessThanOnce() {
        // Llama-2 style: r = 128, base 1e4, L0 = 4096. By hand: c(32) = 64·ln(4096/(64π))/ln 1e4 = 20.94,
        // c(1) = 64·ln(4096/(2π))/ln 1e4 = 45.03, so low = 20, high = 46 and γ_i = (i − 20)/26 between.
        Yarn yarn = Yarn.of(16, 4096);
        double[] t = plain(LLAMA2_BASE, 128);
        double[] scaled = yarn.thetas(LLAMA2_BASE, 128, 1);
        for (int i = 0; i < t.length; i++) {
            double gamma = Math.min(1, Math.max(0, (i - 20) / 26.0));
            assertRelative(t[i] * (1 - gamma + gamma / 16), scaled[i], 1e-15, "pair " + i);
            double turns = 4096 * t[i] / (2 * Math.PI);
            if (turns >= 32) {
                assertRelative(t[i], scaled[i], 1e-15, "pair " + i + " turns " + turns + " times: extrapolated");
            }
            if (turns <= 1) {
                assertRelative(t[i] / 16, scaled[i], 1e-15, "pair " + i + " turns " + turns + " times: interpolated");
            }
        }
        assertEquals(20.944481620636, yarn.correctionDimension(32, LLAMA2_BASE, 128), 1e-9);
        assertEquals(45.026881273755, yarn.correctionDimension(1, LLAMA2_BASE, 128), 1e-9);
    }

    @Test
    void yarnTemperatureIsOneTenthOfLnSPlusOne() {
        assertEquals(1.2772588722239781, Yarn.of(16, 4096).attentionFactor(1), 1e-15);   // 0.1·ln 16 + 1 = 0.4·ln 2 + 1
        assertEquals(1.1, Yarn.of(Math.E, 4096).attentionFactor(1 << 20), 1e-15);
        assertEquals(1 + 0.1 * Math.log(32), Yarn.of(32, 4096).attentionFactor(7), 1e-15);
    }

    @Test
    void llama31KeepsHighFrequenciesDividesLowOnesAndBlendsTheBandBetween() {
        // Llama 3.1: base 5e5, r = 128, s = 8, low 1, high 4, L0 = 8192. λ_i = 2π·5e5^(i/64) < 2048 for
        // i ≤ 28 (64·ln(2048/2π)/ln 5e5 = 28.22) and > 8192 for i ≥ 35 (64·ln(8192/2π)/ln 5e5 = 34.98).
        Llama31Scaling llama = Llama31Scaling.of(8, 1, 4, 8192);
        double[] t = plain(LLAMA3_BASE, 128);
        double[] scaled = llama.thetas(LLAMA3_BASE, 128, 1);
        for (int i = 0; i <= 28; i++) {
            assertRelative(t[i], scaled[i], 1e-15, "pair " + i + " kept");
        }
        for (int i = 35; i < 64; i++) {
            assertRelative(t[i] / 8, scaled[i], 1e-15, "pair " + i + " divided by 8");
        }
        for (int i = 29; i <= 34; i++) {
            double sigma = (8192 * t[i] / (2 * Math.PI) - 1) / 3;
            assertTrue(sigma > 0 && sigma < 1, "pair " + i + " in the band, σ = " + sigma);
            assertRelative(t[i] * ((1 - sigma) / 8 + sigma), scaled[i], 1e-14, "pair " + i + " blended");
        }
        assertEquals(8192, llama.lowFreqWavelength(), 0.0);
        assertEquals(2048, llama.highFreqWavelength(), 0.0);
    }

    @Test
    void llama31IsContinuousAtBothBandEdges() {
        // base 4^32 with r = 64 gives θ_i = 4^(−i), λ_i = 2π·4^i. Choosing low_freq_factor = L0/λ_5 and
        // high_freq_factor = L0/λ_3 puts pair 5 on the low-frequency edge and pair 3 on the high one:
        // whichever branch rounding picks there, the factor must be 1/s at pair 5 and 1 at pair 3.
        int r = 64;
        double base = Math.pow(4, 32);
        double[] t = plain(base, r);
        long original = 65536;
        for (double s : new double[] {2, 8, 40}) {
            Llama31Scaling llama = Llama31Scaling.of(s, original / (2 * Math.PI * Math.pow(4, 5)),
                    original / (2 * Math.PI * Math.pow(4, 3)), original);
            double[] scaled = llama.thetas(base, r, 1);
            assertEquals(1.0, scaled[3] / t[3], 1e-12, "s = " + s + ": high-frequency edge");
            assertEquals(1 / s, scaled[5] / t[5], 1e-12, "s = " + s + ": low-frequency edge");
            double ratio4 = scaled[4] / t[4];
            assertTrue(ratio4 > 1 / s && ratio4 < 1, "s = " + s + ": pair 4 blended, " + ratio4);
            for (int i = 1; i < t.length; i++) {
                assertTrue(scaled[i] / t[i] <= scaled[i - 1] / t[i - 1] + 1e-15, "s = " + s + ": non-increasing at pair " + i);
            }
        }
    }

    @Test
    void longRopeChoosesShortOrLongFactorsByLengthAndItsAttentionFactorIsSqrtOnePlusLnSOverLnL0() {
        double[] shortF = {1, 1.5, 2, 3}, longF = {1, 2, 4, 8};
        LongRope longRope = LongRope.of(shortF, longF, 4096, 32);
        double[] t = plain(LLAMA2_BASE, 8);
        double[] atL0 = longRope.thetas(LLAMA2_BASE, 8, 4096);
        double[] beyond = longRope.thetas(LLAMA2_BASE, 8, 4097);
        for (int i = 0; i < 4; i++) {
            assertRelative(t[i] / shortF[i], atL0[i], 1e-15, "short, pair " + i);
            assertRelative(t[i] / longF[i], beyond[i], 1e-15, "long, pair " + i);
        }
        // Phi-3-mini-128k style: L0 = 4096, s = 131072/4096 = 32: √(1 + 5 ln 2 / (12 ln 2)) = √(17/12).
        assertEquals(Math.sqrt(17.0 / 12), longRope.attentionFactor(1), 1e-15);
        assertEquals(Math.sqrt(17.0 / 12), longRope.attentionFactor(100_000), 1e-15);
        assertEquals(1.0, LongRope.of(shortF, longF, 4096, 1).attentionFactor(1), 0.0);
    }

    @Test
    void criticalDimensionCountsPairsThatCompleteATurnAndMatchesTheClosedForm() {
        RotaryEmbedding llama2 = RotaryEmbedding.of(128, Pairing.HALF_SPLIT);
        RotaryEmbedding llama3 = RotaryEmbedding.of(128, Pairing.HALF_SPLIT).withBase(LLAMA3_BASE);
        // by hand: 64·log_1e4(4096/2π) = 45.03 → 2·46 = 92; 64·log_5e5(8192/2π) = 34.98 → 2·35 = 70
        assertEquals(92, CriticalDimension.of(llama2, 4096));
        assertEquals(70, CriticalDimension.of(llama3, 8192));
        Random rng = new Random(14);
        for (int k = 0; k < 200; k++) {
            int r = 2 * (2 + rng.nextInt(127));
            double base = Math.pow(10, 2 + 5 * rng.nextDouble());
            long length = 8 + rng.nextInt(1 << 20);
            RotaryEmbedding rope = RotaryEmbedding.of(r, Pairing.INTERLEAVED).withBase(base);
            assertEquals(CriticalDimension.closedForm(base, r, length), CriticalDimension.of(rope, length),
                    "r = " + r + ", base = " + base + ", T = " + length);
        }
        // PI by s divides every frequency: the trained length needed for the same count grows by s
        RotaryEmbedding pi = llama2.withScaling(PositionInterpolation.of(4));
        assertEquals(92, CriticalDimension.of(pi, 4 * 4096));
    }

    @Test
    void badParametersAreRejectedWithTheirNameAndValue() {
        assertMessage(() -> PositionInterpolation.of(0), "factor must be finite and positive, got 0.0");
        assertMessage(() -> PositionInterpolation.of(Double.NaN), "factor must be finite and positive, got NaN");
        assertMessage(() -> NtkAware.of(-2), "factor must be finite and positive, got -2.0");
        assertMessage(() -> NtkAware.of(2).thetas(10000, 2, 1), "NTK base scaling needs rotaryDim ≥ 4 (exponent r/(r−2)), got 2");
        assertMessage(() -> DynamicNtk.of(0.5, 2048), "factor must be finite and at least 1, got 0.5");
        assertMessage(() -> DynamicNtk.of(2, 0), "originalLength must be at least 1, got 0");
        assertMessage(() -> Yarn.of(0.9, 4096), "factor must be finite and at least 1, got 0.9");
        assertMessage(() -> Yarn.of(Double.POSITIVE_INFINITY, 4096), "factor must be finite and at least 1, got Infinity");
        assertMessage(() -> Yarn.of(4, -1), "originalLength must be at least 1, got -1");
        assertMessage(() -> Yarn.of(4, 4096, 1, 32), "betaFast must be at least betaSlow, got betaFast = 1.0, betaSlow = 32.0");
        assertMessage(() -> Yarn.of(4, 4096, 32, 0), "betaSlow must be finite and positive, got 0.0");
        assertMessage(() -> Llama31Scaling.of(8, 4, 1, 8192),
                "lowFreqFactor must be at most highFreqFactor, got lowFreqFactor = 4.0, highFreqFactor = 1.0");
        assertMessage(() -> Llama31Scaling.of(8, 0, 4, 8192), "lowFreqFactor must be finite and positive, got 0.0");
        assertMessage(() -> Llama31Scaling.of(0, 1, 4, 8192), "factor must be finite and at least 1, got 0.0");
        assertMessage(() -> Llama31Scaling.of(8, 1, 4, 0), "originalLength must be at least 1, got 0");
        double[] four = {1, 1, 1, 1};
        assertMessage(() -> LongRope.of(four, new double[] {1, 1, 1}, 4096, 32), "shortFactors and longFactors must have the same length, got 4 and 3");
        assertMessage(() -> LongRope.of(four, new double[] {1, 1, Double.NaN, 1}, 4096, 32),
                "longFactors[2] must be finite and positive, got NaN in [1.0, 1.0, NaN, 1.0]");
        assertMessage(() -> LongRope.of(null, four, 4096, 32), "shortFactors must hold one factor per pair, got null");
        assertMessage(() -> LongRope.of(four, four, 1, 32), "originalLength must be at least 2, got 1");
        assertMessage(() -> LongRope.of(four, four, 4096, 0), "factor must be finite and positive, got 0.0");
        assertMessage(() -> LongRope.of(four, four, 4096, 32).thetas(10000, 16, 1),
                "LongRoPE has 4 factors per list, which must equal r/2, got r = 16");
        assertMessage(() -> RotaryEmbedding.of(16, Pairing.INTERLEAVED).withScaling(LongRope.of(four, four, 4096, 32)).thetas(1),
                "LongRoPE has 4 factors per list, which must equal r/2, got r = 16");
        assertMessage(() -> CriticalDimension.of(RotaryEmbedding.of(8, Pairing.INTERLEAVED), 0), "trainedLength must be at least 1, got 0");
    }

    @Test
    void namesCarryTheParameters() {
        assertEquals("linear(s=4)", PositionInterpolation.of(4).name());
        assertEquals("ntk(s=2.5)", NtkAware.of(2.5).name());
        assertEquals("dynamic(s=2, L0=4096)", DynamicNtk.of(2, 4096).name());
        assertEquals("yarn(s=16, L0=4096)", Yarn.of(16, 4096).name());
        assertEquals("yarn(s=16, L0=4096, betaFast=16, betaSlow=2)", Yarn.of(16, 4096, 16, 2).name());
        assertEquals("llama3(s=8, low=1, high=4, L0=8192)", Llama31Scaling.of(8, 1, 4, 8192).toString());
        assertEquals("longrope(2 pairs, L0=4096, s=32)", LongRope.of(new double[] {1, 2}, new double[] {3, 4}, 4096, 32).name());
        assertEquals("RoPE[d=64, HALF_SPLIT, base=10000, rotary 64 of 64, scaling yarn(s=16, L0=4096)]",
                RotaryEmbedding.of(64, Pairing.HALF_SPLIT).withScaling(Yarn.of(16, 4096)).toString());
    }

    private static void assertMessage(Executable call, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertEquals(message, e.getMessage());
    }

    /** A call that may throw. */
    @FunctionalInterface
    private interface Executable {
        void run();
    }
}
