package org.ropelab.rope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.ropelab.geometry.Matrices;

class LatentAttentionHeadTest {
    private final Random rng = new Random(31);
    private final LatentAttentionHead head = LatentAttentionHead.random(24, 16, 8, 4, Pairing.INTERLEAVED, rng);

    @Test
    void absorbedAndExplicitScoresAgree() {
        for (double[] nm : new double[][] {{0, 0}, {7, 3}, {1000, 12}, {5, 5}}) {
            double[] x = Matrices.gaussian(24, rng), c = Matrices.gaussian(16, rng), xk = Matrices.gaussian(24, rng);
            double explicit = head.score(x, nm[0], c, xk, nm[1]);
            assertEquals(explicit, head.absorbedScore(x, nm[0], c, xk, nm[1]), 1e-12 * (1 + Math.abs(explicit)));
        }
    }

    @Test
    void aCoupledHeadNeedsAMatrixPerOffset() {
        double[] x = Matrices.gaussian(24, rng), c = Matrices.gaussian(16, rng);
        // (R_n W_QC x)·(R_m W_UK c) = xᵀ W_QCᵀ R_{m−n} W_UK c
        double direct = head.coupledScore(x, 9, c, 4);
        assertEquals(direct, Matrices.dot(Matrices.times(x, head.coupledMatrix(4 - 9)), c), 1e-12);
        assertTrue(Matrices.maxAbsDifference(head.coupledMatrix(0), head.absorbedMatrix()) < 1e-15);
        assertTrue(Matrices.maxAbsDifference(head.coupledMatrix(3), head.coupledMatrix(0)) > 0.1);
    }
}
