package org.ropelab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.ropelab.rope.Pairing;
import org.ropelab.scaling.Yarn;

/** The hand-written forward pass and gradient against SameDiff's graph and its automatic reverse mode. */
class DecoderMathTest {
    private static final TinyDecoder.Config SMALL = new TinyDecoder.Config(5, 8, 2, 8, 7, 2);
    private static final NgramLanguage LANG = NgramLanguage.random(5, 3, 2, 1);

    private static Map<String, double[]> doubles(TinyDecoder m) {
        Map<String, double[]> w = new java.util.LinkedHashMap<>();
        m.weights().forEach((k, v) -> w.put(k, v.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).dup('c').data().asDouble()));
        return w;
    }

    /** Every weight's gradient, every entry, for every encoding: hand-written = SameDiff (float32) to 2e-5. */
    @Test
    void gradientsEqualSameDiffsReverseMode() {
        int[][] seqs = LANG.sample(3, 8, 3);
        for (Encoding enc : Encoding.values()) {
            TinyDecoder m = TinyDecoder.init(SMALL, enc, 21);
            Map<String, INDArray> reference = m.gradients(seqs);
            DecoderMath math = new DecoderMath(SMALL, enc, m.rope(), doubles(m));
            Map<String, double[]> g = math.zeroGradients();
            double[] loss = new double[7];
            for (int[] s : seqs) {
                math.run(s, math.tables(7), loss, null, g, 1.0 / (3 * 7));
            }
            assertEquals(reference.get("loss").getDouble(0), java.util.Arrays.stream(loss).sum() / 21, 2e-5, enc + " loss");
            for (String name : g.keySet()) {
                double[] ref = reference.get(name).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).dup('c').data().asDouble();
                for (int i = 0; i < ref.length; i++) {
                    assertEquals(ref[i], g.get(name)[i], 2e-5 + 1e-4 * Math.abs(ref[i]), enc + " " + name + "[" + i + "]");
                }
            }
        }
    }

    /** Per-position losses and accuracies equal the SameDiff graph's, also for scaled RoPE in the half-split pairing. */
    @Test
    void scoresEqualTheGraphs() {
        int[][] seqs = LANG.sample(4, 12, 5);
        TinyDecoder rope = TinyDecoder.init(SMALL, Encoding.ROPE, 22);
        TinyDecoder scaled = rope.withRope(rope.rope().withPairing(Pairing.HALF_SPLIT).withScaling(Yarn.of(4, 3)));
        for (TinyDecoder m : new TinyDecoder[] {scaled, TinyDecoder.init(SMALL, Encoding.ALIBI, 23),
            TinyDecoder.init(SMALL, Encoding.SINUSOIDAL, 24), TinyDecoder.init(SMALL, Encoding.RELATIVE, 25),
            TinyDecoder.init(SMALL, Encoding.NONE, 26)}) {
            TinyDecoder.PositionScores a = m.scores(seqs);
            TinyDecoder.PositionScores b = m.graphScores(seqs, 2);
            for (int t = 0; t < 11; t++) {
                assertEquals(b.loss()[t], a.loss()[t], 1e-5, m.encoding() + " loss at " + t);
                assertEquals(b.accuracy()[t], a.accuracy()[t], 1e-12, m.encoding() + " accuracy at " + t);
            }
        }
    }
}
