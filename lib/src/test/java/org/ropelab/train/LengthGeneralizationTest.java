package org.ropelab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.ropelab.scaling.PositionInterpolation;

class LengthGeneralizationTest {
    private static final NgramLanguage LANG = NgramLanguage.random(4, 3, 2, 3);
    private static final int L = 4;
    private static final LengthGeneralization.Setup SETUP = new LengthGeneralization.Setup(LANG,
            new TinyDecoder.Config(4, 8, 2, 8, L, 2), 3, 2, LearningRate.constant(0.01), 2,
            LearningRate.constant(0.01), 4, 9);
    private static final LengthGeneralization RUN = LengthGeneralization.run(SETUP, 7);

    /** Buckets recomputed from the public pieces: a model's per-position loss minus the best loss, averaged per bucket. */
    @Test
    void bucketsAreTheExcessLossAveragedOverTheirPositions() {
        int[][] held = RUN.heldOut();
        double[] loss = RUN.rope(0).scores(held).loss();
        int[][] range = {{0, 4}, {4, 8}, {8, 16}, {16, 32}};
        for (int j = 0; j < 4; j++) {
            assertEquals(excess(loss, held, range[j][0], range[j][1]), RUN.mean("RoPE", j), 1e-12, "bucket " + j);
        }
        assertEquals(excess(loss, held, 0, L), RUN.mean("RoPE + YaRN", 0), 1e-12, "scaled rows at 1× are unscaled RoPE");
        assertTrue(Double.isNaN(RUN.mean("learned table", 1)) && !Double.isNaN(RUN.mean("learned table", 0)));
        assertEquals("position 4 is outside the learned table of 4 positions (0..3)", RUN.learnedError());
        assertEquals(LengthGeneralization.NAMES.size(), RUN.table().rowCount());
    }

    /** The 2× bucket of RoPE + PI, recomputed: the trained RoPE model with PI factor 2 scores the first 2L + 1 tokens. */
    @Test
    void piBucketAtTwiceTheLengthIsRecomputedFromTheTrainedModel() {
        TinyDecoder m = RUN.rope(0);
        TinyDecoder pi = m.withRope(m.rope().withScaling(PositionInterpolation.of(2)));
        int[][] held = prefix(RUN.heldOut(), 2 * L + 1);
        assertEquals(excess(pi.scores(held).loss(), held, L, 2 * L), RUN.mean("RoPE + PI", 1), 1e-12);
    }

    /**
     * The 2× bucket of the fine-tuned row, recomputed: the trained RoPE model with PI factor 2, trained again on
     * the documented batches ({@code fineTuneSteps} of {@code batch} sequences of 2L + 1 tokens, seeds
     * {@code 10⁶·seed + 500 000 + step}), scores the first 2L + 1 tokens.
     */
    @Test
    void fineTunedBucketAtTwiceTheLengthIsRecomputedByFineTuningAgain() {
        TinyDecoder m = RUN.rope(0);
        int[][][] batches = new int[SETUP.fineTuneSteps()][][];
        for (int s = 0; s < batches.length; s++) {
            batches[s] = LANG.sample(SETUP.batch(), 2 * L + 1, 1_000_000L * 7 + 500_000 + s);
        }
        TinyDecoder tuned = m.withRope(m.rope().withScaling(PositionInterpolation.of(2)))
                .train(batches, SETUP.fineTuneLr());
        int[][] held = prefix(RUN.heldOut(), 2 * L + 1);
        assertEquals(excess(tuned.scores(held).loss(), held, L, 2 * L), RUN.mean("RoPE + PI, fine-tuned", 1), 1e-12);
    }

    /** Returns the mean over positions {@code [from, to)} of the loss minus the best loss of {@code held}. */
    private static double excess(double[] loss, int[][] held, int from, int to) {
        double[] best = LANG.bestLoss(held);
        double e = 0;
        for (int t = from; t < to; t++) {
            e += (loss[t] - best[t]) / (to - from);
        }
        return e;
    }

    private static int[][] prefix(int[][] seqs, int n) {
        return Arrays.stream(seqs).map(x -> Arrays.copyOf(x, n)).toArray(int[][]::new);
    }
}
