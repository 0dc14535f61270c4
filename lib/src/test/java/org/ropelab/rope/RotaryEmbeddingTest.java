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
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.ropelab.attention.Attention;
import org.ropelab.geometry.Matrices;

class RotaryEmbeddingTest {
    private static final Pairing[] BOTH = Pairing.values();

    @Test
    void frequenciesFallGeometricallyFromOne() {
        RotaryEmbedding rope = RotaryEmbedding.of(8, Pairing.INTERLEAVED);
        assertArrayEquals(new double[] {1, 0.1, 0.01, 0.001}, rope.thetas(), 1e-18);   // 10000^(−2i/8) = 10^(−i)
        assertEquals(1.0 / 16, RotaryEmbedding.of(4, Pairing.HALF_SPLIT).withBase(256).theta(1), 0);
        // partial rotation: the exponent's denominator is the rotated width r = 4, not d = 8
        assertEquals(0.01, RotaryEmbedding.of(8, Pairing.INTERLEAVED).withRotaryFraction(0.5).theta(1), 1e-18);
    }

    @Test
    void basisVectorsTurnByKnownAnglesAllThreeWays() {
        // d = 4, base 4: θ = (1, 1/2). At position π pair 0 turns by π, pair 1 by π/2.
        for (Pairing p : BOTH) {
            RotaryEmbedding rope = RotaryEmbedding.of(4, p).withBase(4);
            int[] pair0 = p.members(0, 4);
            int[] pair1 = p.members(1, 4);
            double[] first0 = basis(4, pair0[0]);
            double[] first1 = basis(4, pair1[0]);
            double[] minusFirst0 = basis(4, pair0[0]);
            minusFirst0[pair0[0]] = -1;
            for (double[] turned : new double[][] {rope.rotateByComplex(first0, Math.PI), rope.rotateByMatrix(first0, Math.PI),
                    rope.rotate(first0, Math.PI)}) {
                assertArrayEquals(minusFirst0, turned, 1e-15, p.toString());
            }
            for (double[] turned : new double[][] {rope.rotateByComplex(first1, Math.PI), rope.rotateByMatrix(first1, Math.PI),
                    rope.rotate(first1, Math.PI)}) {
                assertArrayEquals(basis(4, pair1[1]), turned, 1e-15, p.toString());
            }
        }
    }

    @Test
    void halfSplitMatrixHasItsBlocksOnComponentsIAndIPlusHalf() {
        double m = 0.7;
        double[][] r = RotaryEmbedding.of(4, Pairing.HALF_SPLIT).withBase(100).matrix(m);   // θ = (1, 0.1)
        double c0 = Math.cos(m), s0 = Math.sin(m), c1 = Math.cos(0.1 * m), s1 = Math.sin(0.1 * m);
        double[][] expected = {{c0, 0, -s0, 0}, {0, c1, 0, -s1}, {s0, 0, c0, 0}, {0, s1, 0, c1}};
        assertEquals(0, Matrices.maxAbsDifference(r, expected), 1e-16);
    }

    @Test
    void rotOfKnownVectors() {
        INDArray x = Nd4j.createFromArray(1.0, 2, 3, 4, 5, 6);
        assertArrayEquals(new double[] {-2, 1, -4, 3, -6, 5}, RotaryEmbedding.of(6, Pairing.INTERLEAVED).rot(x).toDoubleVector(), 0);
        assertArrayEquals(new double[] {-4, -5, -6, 1, 2, 3}, RotaryEmbedding.of(6, Pairing.HALF_SPLIT).rot(x).toDoubleVector(), 0);
        // only 4 of 6 rotated: pairs (0, 2), (1, 3); components 4, 5 pass, so rot is 0 there
        // a single pair, alone or followed by unrotated components
        INDArray pair = Nd4j.createFromArray(1.0, 2);
        for (Pairing p : BOTH) {
            assertArrayEquals(new double[] {-2, 1}, RotaryEmbedding.of(2, p).rot(pair).toDoubleVector(), 0, p.toString());
            assertArrayEquals(new double[] {-2, 1, 0, 0, 0, 0}, RotaryEmbedding.of(6, p).withRotaryFraction(2.0 / 6).rot(x).toDoubleVector(), 0);
        }
        var partial = RotaryEmbedding.of(6, Pairing.HALF_SPLIT).withRotaryFraction(4.0 / 6);
        assertArrayEquals(new double[] {-3, -4, 1, 2, 0, 0}, partial.rot(x).toDoubleVector(), 0);
    }

    @Test
    void threeComputationsAgreeInDoublePrecision() {
        Random rng = new Random(11);
        for (RotaryEmbedding rope : variants()) {
            INDArray x = gaussian(rng, DataType.DOUBLE, 2, 3, 5, rope.dim());
            double[] positions = {0, 1, -7.5, 313, 4096.25};
            INDArray fast = rope.apply(x, positions);
            INDArray dense = rope.applyDense(x, positions);
            double errFast = 0, errDense = 0;
            for (int b = 0; b < 2; b++) {
                for (int h = 0; h < 3; h++) {
                    for (int s = 0; s < 5; s++) {
                        double[] v = vector(x, b, h, s);
                        double[] byComplex = rope.rotateByComplex(v, positions[s]);
                        errFast = Math.max(errFast, maxDiff(vector(fast, b, h, s), byComplex));
                        errDense = Math.max(errDense, maxDiff(vector(dense, b, h, s), byComplex));
                    }
                }
            }
            assertTrue(errFast <= 1e-12, rope + ": element-wise vs complex " + errFast);
            assertTrue(errDense <= 1e-12, rope + ": dense vs complex " + errDense);
        }
    }

    @Test
    void elementWiseFloat32AgreesWithTheDoubleComplexFormTo1eMinus5() {
        Random rng = new Random(12);
        for (RotaryEmbedding rope : variants()) {
            INDArray x = gaussian(rng, DataType.FLOAT, 2, 2, 4, rope.dim());
            double[] positions = {3, 50, 999, 2047};
            INDArray fast = rope.apply(x, positions);
            assertEquals(DataType.FLOAT, fast.dataType());
            assertEquals(DataType.FLOAT, rope.applyDense(x, positions).dataType());
            double err = 0;
            for (int s = 0; s < 4; s++) {
                double[] v = vector(x, 1, 1, s);   // the float values, widened exactly
                err = Math.max(err, maxDiff(vector(fast, 1, 1, s), rope.rotateByComplex(v, positions[s])));
            }
            assertTrue(err <= 1e-5, rope + ": float32 " + err);
            assertTrue(err > 0, "float32 should show rounding, got exactly 0");
        }
    }

    @Test
    void scoreDependsOnlyOnTheOffset() {
        Random rng = new Random(13);
        for (RotaryEmbedding rope : variants()) {
            double[] q = Matrices.gaussian(rope.dim(), rng);
            double[] k = Matrices.gaussian(rope.dim(), rng);
            double m = 9, n = 4;
            // independent closed form: Σ over pairs of Re[z_q · conj(z_k) · e^{i(m−n)θ_i}], plus the unrotated dot product
            double expected = 0;
            for (int i = 0; i < rope.rotaryDim() / 2; i++) {
                int[] ab = rope.pairing().members(i, rope.rotaryDim());
                double phi = (m - n) * Math.pow(rope.base(), -2.0 * i / rope.rotaryDim());
                double re = q[ab[0]] * k[ab[0]] + q[ab[1]] * k[ab[1]];   // Re[z_q conj z_k]
                double im = q[ab[1]] * k[ab[0]] - q[ab[0]] * k[ab[1]];   // Im[z_q conj z_k]
                expected += re * Math.cos(phi) - im * Math.sin(phi);
            }
            for (int j = rope.rotaryDim(); j < rope.dim(); j++) {
                expected += q[j] * k[j];
            }
            for (double shift : new double[] {0, 1, -3, 100, 12345.5}) {
                double score = Matrices.dot(rope.rotate(q, m + shift), rope.rotate(k, n + shift));
                assertEquals(expected, score, 1e-10, rope + " shifted by " + shift);
            }
            // and it does depend on the offset
            double other = Matrices.dot(rope.rotate(q, m + 1), rope.rotate(k, n));
            assertTrue(Math.abs(other - expected) > 1e-3, rope + ": offset m − n + 1 gave the same score");
        }
    }

    @Test
    void transposedRotationTimesRotationIsTheRotationByTheDifference() {
        for (RotaryEmbedding rope : variants()) {
            double[][] product = Matrices.multiply(Matrices.transpose(rope.matrix(17)), rope.matrix(5));
            assertEquals(0, Matrices.maxAbsDifference(product, rope.matrix(5 - 17)), 1e-14, rope.toString());
        }
    }

    @Test
    void convertedWeightsGiveTheSameScoresUnderTheOtherPairing() {
        Random rng = new Random(14);
        int heads = 2, dModel = 10;
        double[] positions = {0, 1, 2, 5, 11};
        INDArray x = gaussian(rng, DataType.DOUBLE, 1, 5, dModel);
        for (double fraction : new double[] {1, 0.5}) {
            RotaryEmbedding llama = RotaryEmbedding.of(8, Pairing.INTERLEAVED).withRotaryFraction(fraction);
            RotaryEmbedding hf = llama.withPairing(Pairing.HALF_SPLIT);
            INDArray wq = gaussian(rng, DataType.DOUBLE, dModel, heads * 8);
            INDArray wk = gaussian(rng, DataType.DOUBLE, dModel, heads * 8);
            INDArray reference = scores(llama, x, wq, wk, heads, positions);
            INDArray converted = scores(hf, x, llama.convertWeights(wq, heads, Pairing.HALF_SPLIT),
                    llama.convertWeights(wk, heads, Pairing.HALF_SPLIT), heads, positions);
            INDArray unconverted = scores(hf, x, wq, wk, heads, positions);
            assertTrue(maxDiff(reference, converted) <= 1e-12, "fraction " + fraction + ": " + maxDiff(reference, converted));
            assertTrue(maxDiff(reference, unconverted) > 1e-2, "fraction " + fraction + ": switching pairing silently should change scores");
            // and back: the two conversions are inverse permutations
            INDArray roundTrip = hf.convertWeights(llama.convertWeights(wq, heads, Pairing.HALF_SPLIT), heads, Pairing.INTERLEAVED);
            assertEquals(0, maxDiff(wq, roundTrip), 0);
        }
    }

    @Test
    void badConfigurationsAreRejectedWithTheirRule() {
        assertMessage("dim must be even", () -> RotaryEmbedding.of(7, Pairing.INTERLEAVED));
        assertMessage("got 7", () -> RotaryEmbedding.of(7, Pairing.INTERLEAVED));
        assertMessage("pairing", () -> RotaryEmbedding.of(8, null));
        assertMessage("base must be", () -> RotaryEmbedding.of(8, Pairing.INTERLEAVED).withBase(1));
        for (double f : new double[] {0, -0.25, 1.5, Double.NaN}) {
            assertMessage("rotaryFraction must be in (0, 1]", () -> RotaryEmbedding.of(8, Pairing.INTERLEAVED).withRotaryFraction(f));
        }
        assertMessage("even whole number", () -> RotaryEmbedding.of(6, Pairing.INTERLEAVED).withRotaryFraction(0.5));   // 3 components
        assertMessage("even whole number", () -> RotaryEmbedding.of(8, Pairing.INTERLEAVED).withRotaryFraction(0.3));   // 2.4 components
    }

    @Test
    void mismatchedShapesAreRejectedWithTheirRule() {
        RotaryEmbedding rope = RotaryEmbedding.of(8, Pairing.HALF_SPLIT);
        INDArray x = Nd4j.zeros(DataType.DOUBLE, 1, 2, 3, 8);
        assertMessage("d = 8, got [1, 2, 3, 6]", () -> rope.apply(Nd4j.zeros(DataType.DOUBLE, 1, 2, 3, 6), new double[] {0, 1, 2}));
        assertMessage("[batch, heads, seq, d]", () -> rope.apply(Nd4j.zeros(DataType.DOUBLE, 2, 3, 8), new double[] {0, 1, 2}));
        assertMessage("seq = 3, got 2", () -> rope.apply(x, new double[] {0, 1}));
        assertMessage("positions[1] must be finite", () -> rope.apply(x, new double[] {0, Double.NaN, 2}));
        assertMessage("FLOAT or DOUBLE", () -> rope.apply(Nd4j.zeros(DataType.INT, 1, 2, 3, 8), new double[] {0, 1, 2}));
        assertMessage("8 components, got 6", () -> rope.rotate(new double[6], 1));
        assertMessage("[dModel, 16]", () -> rope.convertWeights(Nd4j.zeros(DataType.DOUBLE, 4, 12), 2, Pairing.INTERLEAVED));
        assertMessage("pair index", () -> rope.theta(4));
    }

    /** A schedule that divides every frequency by 4 and scales by 1.5: a stand-in for the scaling seam. */
    private static final RopeScaling QUARTER = new RopeScaling() {
        @Override
        public double[] thetas(double base, int rotaryDim, long sequenceLength) {
            double[] t = new double[rotaryDim / 2];
            for (int i = 0; i < t.length; i++) {
                t[i] = Math.pow(base, -2.0 * i / rotaryDim) / 4;
            }
            return t;
        }

        @Override
        public double attentionFactor(long sequenceLength) {
            return 1.5;
        }

        @Override
        public String name() {
            return "quarter";
        }
    };

    @Test
    void aScheduleReachesTheTensorPath() {
        // dividing θ by 4 is the same as dividing the positions by 4; the factor 1.5 scales the rotated part
        Random rng = new Random(5);
        for (RotaryEmbedding plain : variants()) {
            RotaryEmbedding scaled = plain.withScaling(QUARTER);
            INDArray x = gaussian(rng, DataType.DOUBLE, 2, 3, 5, plain.dim());
            double[] positions = {0, 3, 8, 17, 40};
            double[] quartered = {0, 0.75, 2, 4.25, 10};
            INDArray expected = plain.apply(x, quartered);
            int r = plain.rotaryDim();
            INDArray rotatedPart = expected.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, r)).mul(1.5);
            expected.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, r)).assign(rotatedPart);
            assertEquals(0, expected.sub(scaled.apply(x, positions)).amaxNumber().doubleValue(), 1e-14, scaled.toString());
            assertEquals(plain.theta(1) / 4, scaled.theta(1), 0);
        }
        assertTrue(RotaryEmbedding.of(8, Pairing.INTERLEAVED).withScaling(QUARTER).toString().endsWith("scaling quarter]"));
        assertEquals(RopeScaling.none(), RotaryEmbedding.of(8, Pairing.INTERLEAVED).scaling());
    }

    @Test
    void theSequenceLengthIsTheLargestPositionPlusOne() {
        assertEquals(41, RotaryEmbedding.sequenceLength(new double[] {0, 40, 3}));
        assertEquals(1, RotaryEmbedding.sequenceLength(new double[] {-5}));
        assertEquals(11, RotaryEmbedding.sequenceLength(new double[] {10.5}));
        assertMessage("sequenceLength must be at least 1, got 0", () -> RotaryEmbedding.of(4, Pairing.INTERLEAVED).thetas(0));
        assertMessage("scaling must be", () -> RotaryEmbedding.of(4, Pairing.INTERLEAVED).withScaling(null));
    }

    private static RotaryEmbedding[] variants() {
        return new RotaryEmbedding[] {
            RotaryEmbedding.of(16, Pairing.INTERLEAVED),
            RotaryEmbedding.of(16, Pairing.HALF_SPLIT),
            RotaryEmbedding.of(16, Pairing.INTERLEAVED).withRotaryFraction(0.25).withBase(500),
            RotaryEmbedding.of(12, Pairing.HALF_SPLIT).withRotaryFraction(2.0 / 3),
        };
    }

    private static INDArray scores(RotaryEmbedding rope, INDArray x, INDArray wq, INDArray wk, int heads, double[] positions) {
        INDArray q = rope.apply(Attention.project(x, wq, heads), positions);
        INDArray k = rope.apply(Attention.project(x, wk, heads), positions);
        return Attention.scores(q, k);
    }

    private static void assertMessage(String part, org.junit.jupiter.api.function.Executable call) {
        var e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(part), "message '" + e.getMessage() + "' should contain '" + part + "'");
    }

    private static double[] basis(int d, int j) {
        double[] e = new double[d];
        e[j] = 1;
        return e;
    }

    private static INDArray gaussian(Random rng, DataType type, long... shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        double[] values = new double[(int) n];
        for (int i = 0; i < values.length; i++) {
            values[i] = rng.nextGaussian();
        }
        return Nd4j.createFromArray(values).reshape(shape).castTo(type);
    }

    private static double[] vector(INDArray t, int b, int h, int s) {
        double[] v = new double[(int) t.size(3)];
        for (int j = 0; j < v.length; j++) {
            v[j] = t.getDouble(b, h, s, j);
        }
        return v;
    }

    private static double maxDiff(double[] a, double[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    private static double maxDiff(INDArray a, INDArray b) {
        return maxDiff(a.castTo(DataType.DOUBLE).reshape(a.length()).toDoubleVector(), b.castTo(DataType.DOUBLE).reshape(b.length()).toDoubleVector());
    }
}
