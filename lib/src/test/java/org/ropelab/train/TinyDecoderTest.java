package org.ropelab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.ropelab.rope.Pairing;

class TinyDecoderTest {
    private static final TinyDecoder.Config SMALL = new TinyDecoder.Config(5, 8, 2, 8, 6, 2);
    private static final NgramLanguage LANG = NgramLanguage.random(5, 3, 2, 1);

    private static double meanLoss(TinyDecoder m, int[][] seqs) {
        return Arrays.stream(m.scores(seqs).loss()).average().orElseThrow();
    }

    /** Central differences in float32 against SameDiff's reverse-mode gradient, a few entries per weight. */
    @Test
    void gradientsAgreeWithFiniteDifferences() {
        int[][] seqs = LANG.sample(2, 7, 3);
        for (Encoding enc : new Encoding[] {Encoding.ROPE, Encoding.RELATIVE, Encoding.SINUSOIDAL}) {
            TinyDecoder m = TinyDecoder.init(SMALL, enc, 11);
            Map<String, INDArray> grads = m.gradients(seqs);
            assertEquals(meanLoss(m, seqs), grads.get("loss").getDouble(0), 1e-5);
            String[] names = enc == Encoding.RELATIVE ? new String[] {"Wq", "T"} : new String[] {"Wq", "Wk", "E"};
            double eps = 1e-2;
            for (String name : names) {
                INDArray w = m.weights().get(name);
                for (long i : new long[] {0, 5, w.length() - 1}) {
                    INDArray plus = w.dup();
                    plus.putScalar(i, w.getDouble(i) + eps);
                    INDArray minus = w.dup();
                    minus.putScalar(i, w.getDouble(i) - eps);
                    double fd = (meanLoss(m.withWeight(name, plus), seqs) - meanLoss(m.withWeight(name, minus), seqs)) / (2 * eps);
                    double ad = grads.get(name).getDouble(i);
                    assertEquals(fd, ad, 2e-3 + 0.02 * Math.abs(ad), enc + " " + name + "[" + i + "]");
                }
            }
        }
    }

    @Test
    void convertingTheProjectionsToTheOtherPairingGivesTheSameLosses() {
        int[][] seqs = LANG.sample(2, 7, 4);
        TinyDecoder m = TinyDecoder.init(SMALL, Encoding.ROPE, 12);
        TinyDecoder half = m.withRope(m.rope().withPairing(Pairing.HALF_SPLIT))
                .withWeight("Wq", m.rope().convertWeights(m.weights().get("Wq"), 2, Pairing.HALF_SPLIT))
                .withWeight("Wk", m.rope().convertWeights(m.weights().get("Wk"), 2, Pairing.HALF_SPLIT));
        double[] a = m.scores(seqs).loss();
        double[] b = half.scores(seqs).loss();
        for (int t = 0; t < a.length; t++) {
            assertEquals(a[t], b[t], 1e-5);
        }
        // without converting the weights the losses differ
        double[] c = m.withRope(m.rope().withPairing(Pairing.HALF_SPLIT)).scores(seqs).loss();
        assertTrue(Math.abs(c[5] - a[5]) > 1e-4);
    }

    @Test
    void trainingLowersTheLoss() {
        int[][][] batches = new int[30][][];
        for (int s = 0; s < batches.length; s++) {
            batches[s] = LANG.sample(8, 7, 100 + s);
        }
        int[][] held = LANG.sample(8, 7, 99);
        TinyDecoder m = TinyDecoder.init(SMALL, Encoding.ALIBI, 13);
        TinyDecoder trained = m.train(batches, LearningRate.constant(0.03));
        assertTrue(meanLoss(trained, held) < meanLoss(m, held) - 0.1,
                meanLoss(m, held) + " → " + meanLoss(trained, held));
        assertEquals(2, trained.trainingLoss().length);
    }

    @Test
    void aLearnedTableCannotBeEvaluatedBeyondItsLength() {
        TinyDecoder m = TinyDecoder.init(SMALL, Encoding.LEARNED, 14);
        int[][] longer = LANG.sample(2, 8, 5);   // 7 input positions, the table has 6
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.scores(longer));
        assertEquals("position 6 is outside the learned table of 6 positions (0..5)", e.getMessage());
    }

    @Test
    void badSizesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new TinyDecoder.Config(5, 6, 4, 8, 6, 2));
        assertThrows(IllegalArgumentException.class, () -> TinyDecoder.init(SMALL, Encoding.ALIBI, 1).withRope(null));
    }
    /** C001-01 inside the model: without positions, reordering the earlier tokens leaves the last position's loss unchanged. */
    @Test
    void noPositionEncodingIsBlindToTheOrderOfEarlierTokens() {
        TinyDecoder m = TinyDecoder.init(SMALL, Encoding.NONE, 15);
        int[][] a = {{0, 1, 2, 3, 4, 2, 1}};
        int[][] b = {{3, 2, 4, 0, 1, 2, 1}};                     // same multiset before the last input, same last pair
        assertEquals(m.scores(a).loss()[5], m.scores(b).loss()[5], 1e-12);
        TinyDecoder r = TinyDecoder.init(SMALL, Encoding.ROPE, 15);
        assertTrue(Math.abs(r.scores(a).loss()[5] - r.scores(b).loss()[5]) > 1e-6);
    }
}
