package org.ropelab.scaling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.ropelab.rope.Pairing;
import org.ropelab.rope.RotaryEmbedding;

/** Proportional RoPE against hand-expanded frequencies and rotations, and against prefix partial rotary. */
class ProportionalTest {
    @Test
    void frequenciesOverTheHeadDimThenZeros() {
        // d = 8, p = 0.5: k = 2 pairs turn, θ_i = 100^(−2i/8): 1, 100^(−1/4); the others 0
        Proportional p = Proportional.of(0.5, 1);
        assertEquals(2, p.turningPairs(8));
        assertArrayEquals(new double[] {1, Math.pow(100, -0.25), 0, 0}, p.thetas(100, 8, 1), 1e-16);
        // a factor s divides the turning frequencies only
        assertArrayEquals(new double[] {0.5, Math.pow(100, -0.25) / 2, 0, 0}, Proportional.of(0.5, 2).thetas(100, 8, 1), 1e-16);
        // Gemma 4: partial_rotary_factor 0.25 of a 512-wide head → 64 of 256 pairs turn
        assertEquals(64, Proportional.of(0.25, 1).turningPairs(512));
    }

    @Test
    void sameAnglesAsAPrefixPartialHeadWithASmallerBaseButOtherPairs() {
        double[] x = {1, 2, 3, 4, 5, 6, 7, 8};
        double m = 3, a = m * 1, b = m * Math.pow(100, -0.25);
        // proportional: pairs (0, 4), (1, 5) turn, (2, 6), (3, 7) stay
        double[] proportional = {
            Math.cos(a) - 5 * Math.sin(a), 2 * Math.cos(b) - 6 * Math.sin(b), 3, 4,
            Math.sin(a) + 5 * Math.cos(a), 2 * Math.sin(b) + 6 * Math.cos(b), 7, 8};
        RotaryEmbedding gemma = RotaryEmbedding.of(8, Pairing.HALF_SPLIT).withBase(100).withScaling(Proportional.of(0.5, 1));
        assertArrayEquals(proportional, gemma.rotate(x, m), 1e-14);
        // prefix partial r = 4 with base 100^(4/8) = 10 has the same angles, θ_i = 10^(−2i/4), on pairs (0, 2), (1, 3)
        double[] prefix = {
            Math.cos(a) - 3 * Math.sin(a), 2 * Math.cos(b) - 4 * Math.sin(b),
            Math.sin(a) + 3 * Math.cos(a), 2 * Math.sin(b) + 4 * Math.cos(b), 5, 6, 7, 8};
        RotaryEmbedding neox = RotaryEmbedding.of(8, Pairing.HALF_SPLIT).withBase(10).withRotaryFraction(0.5);
        assertArrayEquals(prefix, neox.rotate(x, m), 1e-14);
    }
}
