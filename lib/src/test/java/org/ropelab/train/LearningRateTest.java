package org.ropelab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LearningRateTest {
    /** Warm-up 0.25, 0.5, 0.75, 1 of the peak, then the cosine's typed values: 1, (1 + cos 60°)/2 = 0.75, 0.25, 0. */
    @Test
    void warmUpThenCosineAtTypedPoints() {
        LearningRate lr = new LearningRate(2, 4, 0);
        double[] expected = {0.5, 1, 1.5, 2, 2, 1.5, 0.5, 0};
        for (int s = 0; s < 8; s++) {
            assertEquals(expected[s], lr.at(s, 8), 1e-12, "step " + s);
        }
        assertEquals(0.3 * 2, new LearningRate(2, 0, 0.3).at(9, 10), 1e-12);
        assertEquals(0.01, LearningRate.constant(0.01).at(7, 10), 0);
    }
}
