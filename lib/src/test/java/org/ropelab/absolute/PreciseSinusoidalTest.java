package org.ropelab.absolute;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PreciseSinusoidalTest {
    @Test
    void pairZeroAtATrillionMatchesJavasExactlyReducedSine() {
        // ω_0 = 1, so PE(1e12)[0] = sin(1e12); Math.sin reduces its argument exactly (fdlibm, within 1 ulp)
        double[] pe = PreciseSinusoidal.of(128).encode(1e12);
        assertEquals(Math.sin(1e12), pe[0], 1e-15);
        assertEquals(Math.cos(1e12), pe[1], 1e-15);
    }

    @Test
    void pairSixteenHasTheDecimalFrequencyOneTenth() {
        // d = 128: ω_16 = 10^(−16/16) = 0.1 exactly, so T·ω_16 = 1e11 for T = 1e12, a double Math.sin takes exactly
        double[] pe = PreciseSinusoidal.of(128).encode(1e12);
        assertEquals(Math.sin(1e11), pe[32], 1e-15);
        assertEquals(Math.cos(1e11), pe[33], 1e-15);
    }

    @Test
    void smallPositionsAgreeWithTheDoubleFormula() {
        // at T = 3 every angle is below 3 rad: the double formula is good to a few ulps
        double[] pe = PreciseSinusoidal.of(8).encode(3);
        for (int i = 0; i < 4; i++) {
            double angle = 3 * Math.pow(10000, -2.0 * i / 8);
            assertEquals(Math.sin(angle), pe[2 * i], 1e-15);
            assertEquals(Math.cos(angle), pe[2 * i + 1], 1e-15);
        }
    }

    @Test
    void negativePositionsReduceIntoTheCircle() {
        double[] pe = PreciseSinusoidal.of(8).encode(-5);
        assertEquals(Math.sin(-5), pe[0], 1e-15);
        assertEquals(Math.cos(-5), pe[1], 1e-15);
    }
}
