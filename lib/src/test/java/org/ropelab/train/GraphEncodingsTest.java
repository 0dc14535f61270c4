package org.ropelab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ropelab.absolute.LearnedPositions;
import org.ropelab.absolute.Sinusoidal;
import org.ropelab.relative.Alibi;
import org.ropelab.relative.RelativePositions;
import org.ropelab.rope.Pairing;
import org.ropelab.rope.RopeScaling;
import org.ropelab.rope.RotaryEmbedding;
import org.ropelab.scaling.PositionInterpolation;

/** Each SameDiff form against the library's own non-differentiable form on the same inputs, float32 to 1e-6. */
class GraphEncodingsTest {
    private static final double TOL = 1e-6;
    private static final double[] POSITIONS = {0, 1, 2, 3.5, 5, 7, 9};

    private static INDArray run(SameDiff sd, SDVariable out, Map<String, INDArray> feed) {
        return sd.output(feed, out.name()).get(out.name()).castTo(DataType.DOUBLE);
    }

    private static SDVariable positions(SameDiff sd, double[] p) {
        return sd.placeHolder("positions", DataType.FLOAT, p.length);
    }

    private static INDArray floats(double[] p) {
        return Nd4j.createFromArray(p).castTo(DataType.FLOAT);
    }

    private static double maxDiff(INDArray a, INDArray b) {
        assertEquals(java.util.Arrays.toString(a.shape()), java.util.Arrays.toString(b.shape()));
        return a.castTo(DataType.DOUBLE).sub(b.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
    }

    @Test
    void sinusoidalMatchesTheLibraryTable() {
        Sinusoidal enc = Sinusoidal.of(8);
        SameDiff sd = SameDiff.create();
        SDVariable pe = GraphEncodings.sinusoidal(sd, positions(sd, POSITIONS), enc);
        INDArray got = run(sd, pe, Map.of("positions", floats(POSITIONS)));
        assertTrue(maxDiff(got, enc.table(POSITIONS)) <= TOL);
    }

    @Test
    void ropeMatchesApplyForBothPairingsAndAScaling() {
        Random rng = new Random(3);
        INDArray x = Nd4j.create(DataType.FLOAT, 2, 3, POSITIONS.length, 8);
        for (long i = 0; i < x.length(); i++) {
            x.putScalar(i, rng.nextGaussian());
        }
        RotaryEmbedding plain = RotaryEmbedding.of(8, Pairing.INTERLEAVED);
        for (RotaryEmbedding rope : new RotaryEmbedding[] {plain, plain.withPairing(Pairing.HALF_SPLIT),
                plain.withScaling(PositionInterpolation.of(4)), plain.withRotaryFraction(0.5).withBase(100)}) {
            SameDiff sd = SameDiff.create();
            SDVariable in = sd.placeHolder("x", DataType.FLOAT, x.shape());
            SDVariable c = sd.placeHolder("cos", DataType.FLOAT, POSITIONS.length, 8);
            SDVariable s = sd.placeHolder("sin", DataType.FLOAT, POSITIONS.length, 8);
            SDVariable out = GraphEncodings.rope(sd, in, c, s, rope);
            INDArray got = run(sd, out, Map.of("x", x, "cos", rope.cos(POSITIONS, DataType.FLOAT),
                    "sin", rope.sin(POSITIONS, DataType.FLOAT)));
            assertTrue(maxDiff(got, rope.apply(x, POSITIONS)) <= TOL, rope.toString());
            // and against complex multiplication in double precision, a second formulation
            double[] v = x.get(org.nd4j.linalg.indexing.NDArrayIndex.point(1), org.nd4j.linalg.indexing.NDArrayIndex.point(2),
                    org.nd4j.linalg.indexing.NDArrayIndex.point(3), org.nd4j.linalg.indexing.NDArrayIndex.all()).toDoubleVector();
            double[] turned = rope.withScaling(RopeScaling.none()).rotateByComplex(v,
                    rope.scaling() == RopeScaling.none() ? POSITIONS[3] : POSITIONS[3] / 4);
            for (int j = 0; j < 8; j++) {
                assertEquals(turned[j], got.getDouble(1, 2, 3, j), 1e-5, rope + " component " + j);
            }
        }
    }

    @Test
    void rotMatrixGivesMinusSecondThenFirstOfEachPair() {
        RotaryEmbedding rope = RotaryEmbedding.of(4, Pairing.HALF_SPLIT);
        double[][] r = GraphEncodings.rotMatrix(rope);
        double[] x = {1, 2, 3, 4};
        double[] y = new double[4];
        for (int j = 0; j < 4; j++) {
            for (int k = 0; k < 4; k++) {
                y[j] += x[k] * r[k][j];
            }
        }
        // half-split pairs (0, 2), (1, 3): rot(x) = (−x2, −x3, x0, x1), written out by hand
        assertEquals("[-3.0, -4.0, 1.0, 2.0]", java.util.Arrays.toString(y));
    }

    @Test
    void alibiMatchesTheLibraryBiasForAHeadCountThatIsNotAPowerOfTwo() {
        int heads = 3;
        double[] p = {0, 1, 2, 3, 4, 5};
        SameDiff sd = SameDiff.create();
        SDVariable b = GraphEncodings.alibi(sd, positions(sd, p), heads);
        INDArray got = run(sd, b, Map.of("positions", floats(p)));
        assertTrue(maxDiff(got.reshape(1, heads, 6, 6), Alibi.bias(heads, 6)) <= TOL);
    }

    @Test
    void relativeBiasMatchesTheLibraryBiasPerHead() {
        int m = 2;
        int[] p = {0, 1, 2, 3, 4, 5};
        RelativePositions[] tables = {RelativePositions.random(m, 1, 5), RelativePositions.random(m, 1, 6)};
        INDArray t = Nd4j.create(new double[][] {tables[0].table(), tables[1].table()}).castTo(DataType.FLOAT);
        SameDiff sd = SameDiff.create();
        SDVariable table = sd.var("T", t);
        SDVariable oneHot = sd.placeHolder("oneHot", DataType.FLOAT, 36, 2 * m + 1);
        SDVariable b = GraphEncodings.relativeBias(sd, table, oneHot, 6);
        INDArray got = run(sd, b, Map.of("oneHot", GraphEncodings.relativeOneHot(p, m)));
        for (int h = 0; h < 2; h++) {
            INDArray head = got.get(org.nd4j.linalg.indexing.NDArrayIndex.point(h), org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.all());
            assertTrue(maxDiff(head, tables[h].bias(p, p)) <= TOL, "head " + h);
        }
    }

    @Test
    void learnedRowsMatchLookupAndPositionsBeyondTheTableAreRejected() {
        LearnedPositions lp = LearnedPositions.random(5, 4, 9);
        int[] p = {4, 0, 2};
        SameDiff sd = SameDiff.create();
        SDVariable table = sd.var("P", lp.table().castTo(DataType.FLOAT));
        SDVariable index = sd.placeHolder("index", DataType.INT, 3);
        SDVariable rows = GraphEncodings.learned(sd, table, index);
        INDArray got = run(sd, rows, Map.of("index", GraphEncodings.learnedIndex(p, 5)));
        for (int r = 0; r < p.length; r++) {
            INDArray expected = Nd4j.createFromArray(lp.lookup(p[r]));
            assertTrue(maxDiff(got.getRow(r), expected) <= TOL);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GraphEncodings.learnedIndex(new int[] {0, 5}, 5));
        assertEquals("position 5 is outside the learned table of 5 positions (0..4)", e.getMessage());
    }

    @Test
    void relativeOneHotClipsDistances() {
        INDArray o = GraphEncodings.relativeOneHot(new int[] {0, 3}, 1);
        // distances 0, +3 → clipped +1, −3 → clipped −1, 0: columns 1, 2, 0, 1
        assertEquals("[[0,1.0000,0],[0,0,1.0000],[1.0000,0,0],[0,1.0000,0]]", o.toString().replaceAll("\\s", ""));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GraphEncodings.relativeOneHot(new int[0], 0));
        assertTrue(e.getMessage().contains("positions must hold at least one position, got none"), e.getMessage());
    }
}
