package org.ropelab.rope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class MultiAxisRopeTest {
    @Test
    void withEveryAxisEqualItIsPlainOneDimensionalRope() {
        Random rng = new Random(21);
        for (Pairing pairing : Pairing.values()) {
            MultiAxisRope mrope = MultiAxisRope.of(128, pairing, 16, 24, 24);
            RotaryEmbedding rope = RotaryEmbedding.of(128, pairing);
            for (double p : new double[] {0, 1, 17, 4095, 1e6}) {
                double[] x = gaussian(rng, 128);
                assertArrayEquals(rope.rotate(x, p), mrope.rotate(x, MultiAxisRope.text(p, 3)), 1e-9, pairing + " p = " + p);
            }
            INDArray x = Nd4j.create(new double[][][][] {{{gaussian(rng, 128), gaussian(rng, 128), gaussian(rng, 128)}}});
            double[] p = {0, 5, 9};
            double[][] p3 = {MultiAxisRope.text(0, 3), MultiAxisRope.text(5, 3), MultiAxisRope.text(9, 3)};
            assertTrue(rope.apply(x, p).equalsWithEps(mrope.apply(x, p3), 1e-12), pairing.toString());
        }
    }

    @Test
    void aHandBuiltTwoAxisCase() {
        // d = 4, base 100: θ_0 = 1, θ_1 = 100^(-1/2) = 0.1; pair 0 turns with the row, pair 1 with the column
        double[] x = {1, 2, 3, 4};
        double a = 2 * 1.0, b = 3 * 0.1;                       // position (row 2, column 3)
        double[] interleaved = {
            Math.cos(a) - 2 * Math.sin(a), Math.sin(a) + 2 * Math.cos(a),
            3 * Math.cos(b) - 4 * Math.sin(b), 3 * Math.sin(b) + 4 * Math.cos(b)};
        MultiAxisRope inter = MultiAxisRope.of(4, Pairing.INTERLEAVED, 1, 1).withBase(100);
        assertArrayEquals(interleaved, inter.rotate(x, new double[] {2, 3}), 1e-15);
        // half-split pairs (0, 2) and (1, 3)
        double[] halfSplit = {
            Math.cos(a) - 3 * Math.sin(a), 2 * Math.cos(b) - 4 * Math.sin(b),
            Math.sin(a) + 3 * Math.cos(a), 2 * Math.sin(b) + 4 * Math.cos(b)};
        MultiAxisRope half = MultiAxisRope.of(4, Pairing.HALF_SPLIT, 1, 1).withBase(100);
        assertArrayEquals(halfSplit, half.rotate(x, new double[] {2, 3}), 1e-15);
        assertArrayEquals(new int[] {0, 1}, half.axisOfPair());
        INDArray t = Nd4j.create(new double[][][][] {{{x}}});
        assertArrayEquals(halfSplit, half.apply(t, new double[][] {{2, 3}}).reshape(4).toDoubleVector(), 1e-15);
    }

    @Test
    void theScoreDependsOnlyOnThePerAxisOffsets() {
        Random rng = new Random(22);
        MultiAxisRope mrope = MultiAxisRope.of(32, Pairing.HALF_SPLIT, 4, 6, 6);
        double[] q = gaussian(rng, 32), k = gaussian(rng, 32);
        double base = dot(mrope.rotate(q, new double[] {1, 2, 3}), mrope.rotate(k, new double[] {0, 5, 1}));
        double moved = dot(mrope.rotate(q, new double[] {8, 102, 53}), mrope.rotate(k, new double[] {7, 105, 51}));
        assertEquals(base, moved, 1e-11);
        double otherOffset = dot(mrope.rotate(q, new double[] {1, 2, 3}), mrope.rotate(k, new double[] {0, 1, 5}));
        assertTrue(Math.abs(base - otherOffset) > 1e-3, "different offsets must give a different score");
    }

    @Test
    void gridAndVideoPositionsAreRowMajor() {
        assertArrayEquals(new double[] {1, 0}, MultiAxisRope.grid(2, 3)[3], 0.0);
        assertArrayEquals(new double[] {1, 0, 1}, MultiAxisRope.video(2, 2, 2)[5], 0.0);
        assertEquals(12, MultiAxisRope.video(3, 2, 2).length);
    }

    @Test
    void badInputIsRejectedWithItsNameAndValue() {
        var e = assertThrows(IllegalArgumentException.class, () -> MultiAxisRope.of(128, Pairing.HALF_SPLIT, 16, 24, 20));
        assertEquals("sections must add up to dim/2 = 64 pairs, got [16, 24, 20] = 60", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MultiAxisRope.of(8, Pairing.HALF_SPLIT, 4, 0));
        assertEquals("sections[1] must be at least 1 pair, got 0", e.getMessage());
        MultiAxisRope mrope = MultiAxisRope.of(8, Pairing.INTERLEAVED, 2, 2);
        e = assertThrows(IllegalArgumentException.class, () -> mrope.rotate(new double[8], new double[] {1, 2, 3}));
        assertEquals("position must have one coordinate per axis (2), got 3", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> mrope.apply(Nd4j.zeros(DataType.DOUBLE, 1, 1, 2, 8), new double[][] {{0, 0}, {1}}));
        assertEquals("positions[1] must have one coordinate per axis (2), got 1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MultiAxisRope.of(7, Pairing.INTERLEAVED, 3));
        assertEquals("dim must be even and at least 2, got 7", e.getMessage());
    }

    private static double[] gaussian(Random rng, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = rng.nextGaussian();
        }
        return x;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    @Test
    void qwen3VlsInterleavedLayoutFollowsTransformersSlices() {
        // transformers' apply_interleaved_mrope: start from all-T, then H takes slice(1, 3·20, 3), W takes slice(2, 3·20, 3)
        int[] expected = new int[64];
        for (int i = 1; i < 60; i += 3) {
            expected[i] = 1;
        }
        for (int i = 2; i < 60; i += 3) {
            expected[i] = 2;
        }
        MultiAxisRope inter = MultiAxisRope.interleaved(128, Pairing.HALF_SPLIT, 24, 20, 20);
        assertArrayEquals(expected, inter.axisOfPair());
        assertTrue(inter.isInterleaved());
        assertEquals(0, inter.axisOfPair()[0]);
        assertEquals(1, inter.axisOfPair()[58]);
        assertEquals(2, inter.axisOfPair()[59]);
        assertEquals(0, inter.axisOfPair()[63]);
        // chunked Qwen2-VL: [16, 24, 24] -> pairs 0..15 time, 16..39 height, 40..63 width
        MultiAxisRope chunked = MultiAxisRope.of(128, Pairing.HALF_SPLIT, 16, 24, 24);
        assertEquals(0, chunked.axisOfPair()[15]);
        assertEquals(1, chunked.axisOfPair()[16]);
        assertEquals(2, chunked.axisOfPair()[40]);
        Random rng = new Random(5);
        RotaryEmbedding rope = RotaryEmbedding.of(128, Pairing.HALF_SPLIT);
        double[] x = gaussian(rng, 128);
        assertArrayEquals(rope.rotate(x, 321), inter.rotate(x, MultiAxisRope.text(321, 3)), 1e-9);
        // an image token (t, h, w) = (2, 3, 5): pair 4 (axis 1) turns by 3·θ_4, pair 5 (axis 2) by 5·θ_5
        double[] a = inter.angles(new double[] {2, 3, 5});
        assertEquals(3 * Math.pow(10000, -8.0 / 128), a[4], 1e-15);
        assertEquals(5 * Math.pow(10000, -10.0 / 128), a[5], 1e-15);
        assertEquals(2 * Math.pow(10000, -126.0 / 128), a[63], 1e-18);
        assertThrows(IllegalArgumentException.class, () -> MultiAxisRope.interleaved(128, Pairing.HALF_SPLIT, 4, 30, 30));
    }

    @Test
    void aPromptWithAnImageAndItsDecodeOffset() {
        double[][] p = MultiAxisRope.textImageText(2, 2, 3, 2);
        double[][] expected = {{0, 0, 0}, {1, 1, 1}, {2, 2, 2}, {2, 2, 3}, {2, 2, 4}, {2, 3, 2}, {2, 3, 3}, {2, 3, 4},
            {5, 5, 5}, {6, 6, 6}};
        assertEquals(expected.length, p.length);
        for (int s = 0; s < p.length; s++) {
            assertArrayEquals(expected[s], p[s], 0.0, "s = " + s);
        }
        // max coordinate 6, 10 tokens: the token at cache index 10 sits at 10 + (6 + 1 - 10) = 7
        assertEquals(-3, MultiAxisRope.ropeDelta(p), 0.0);
        assertEquals(0, MultiAxisRope.ropeDelta(new double[][] {{0, 0, 0}, {1, 1, 1}}), 0.0);
    }
}
