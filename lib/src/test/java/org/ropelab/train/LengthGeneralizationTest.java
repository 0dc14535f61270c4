package org.ropelab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LengthGeneralizationTest {
    /** Buckets recomputed from the public pieces: a model's per-position loss minus the best loss, averaged per bucket. */
    @Test
    void bucketsAreTheExcessLossAveragedOverTheirPositions() {
        NgramLanguage lang = NgramLanguage.random(4, 3, 2, 3);
        TinyDecoder.Config config = new TinyDecoder.Config(4, 8, 2, 8, 4, 2);
        var setup = new LengthGeneralization.Setup(lang, config, 3, 2, LearningRate.constant(0.01), 2,
                LearningRate.constant(0.01), 4, 9);
        var run = LengthGeneralization.run(setup, 7);
        int[][] held = run.heldOut();
        double[] best = lang.bestLoss(held);
        double[] loss = run.rope(0).scores(held).loss();
        int[][] range = {{0, 4}, {4, 8}, {8, 16}, {16, 32}};
        for (int j = 0; j < 4; j++) {
            double e = 0;
            for (int t = range[j][0]; t < range[j][1]; t++) {
                e += (loss[t] - best[t]) / (range[j][1] - range[j][0]);
            }
            assertEquals(e, run.mean("RoPE", j), 1e-12, "bucket " + j);
        }
        assertEquals(run.mean("RoPE", 0), run.mean("RoPE + YaRN", 0), 0);
        assertTrue(Double.isNaN(run.mean("learned table", 1)) && !Double.isNaN(run.mean("learned table", 0)));
        assertEquals("position 4 is outside the learned table of 4 positions (0..3)", run.learnedError());
        assertEquals(LengthGeneralization.NAMES.size(), run.table().rowCount());
    }
}
