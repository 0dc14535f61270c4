package org.ropelab.rope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ProportionalRopeTest {
    @Test
    void frequenciesOverTheHeadDimThenZeros() {
        // d = 8, p = 0.5: k = 2 pairs turn, θ_i = 100^(−2i/8): 1, 100^(−1/4); the others 0
        ProportionalRope pr = ProportionalRope.of(8, 0.5);
        assertEquals(2, pr.rotatedPairs());
        assertArrayEquals(new double[] {1, Math.pow(100, -0.25), 0, 0}, pr.thetas(100, 8, 1), 1e-16);
        assertArrayEquals(new double[] {1, Math.pow(100, -0.25)}, pr.thetas(100, 4, 1), 1e-16);
        // Gemma 4: partial_rotary_factor 0.25 of 512 → 64 of 256 pairs rotate
        assertEquals(64, ProportionalRope.of(512, 0.25).rotatedPairs());
    }

    @Test
    void sameAnglesDifferentPairs() {
        double[] x = {1, 2, 3, 4, 5, 6, 7, 8};
        double p = 3, a = p * 1, b = p * Math.pow(100, -0.25);
        // proportional: pairs (0, 4), (1, 5) turn, (2, 6), (3, 7) stay
        double[] proportional = {
            Math.cos(a) - 5 * Math.sin(a), 2 * Math.cos(b) - 6 * Math.sin(b), 3, 4,
            Math.sin(a) + 5 * Math.cos(a), 2 * Math.sin(b) + 6 * Math.cos(b), 7, 8};
        ProportionalRope pr = ProportionalRope.of(8, 0.5);
        assertArrayEquals(proportional, pr.embedding(100).rotate(x, p), 1e-14);
        // prefix partial with the same angles: pairs (0, 2), (1, 3), components 4..7 pass
        double[] prefix = {
            Math.cos(a) - 3 * Math.sin(a), 2 * Math.cos(b) - 4 * Math.sin(b),
            Math.sin(a) + 3 * Math.cos(a), 2 * Math.sin(b) + 4 * Math.cos(b), 5, 6, 7, 8};
        assertArrayEquals(prefix, pr.asPrefixPartial(100).rotate(x, p), 1e-14);
    }
}
