package org.ropelab.rope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The buffer kernel against the complex form (Commons Numbers) and the dense matrices, both computed apart from it. */
class RotaryTablesTest {
    private static final DataType[] TYPES = {DataType.FLOAT, DataType.DOUBLE};

    @Test
    void theKernelIsTheOneThisJvmShouldRun() {
        // the build runs these tests twice: with jdk.incubator.vector (Vector API) and without (scalar loops)
        String expected = System.getProperty("ropelab.expectVector");
        if (expected != null) {
            assertEquals(Boolean.parseBoolean(expected), RotaryTables.vectorized());
        }
        if (!ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            assertEquals(false, RotaryTables.vectorized(), "no module, no Vector API");
        }
    }

    @Test
    void tableEntriesAreCosAndSinOfPositionTimesFrequency() {
        // d = 4, base 4: θ = (1, 1/2)
        RotaryTables t = RotaryEmbedding.of(4, Pairing.HALF_SPLIT).withBase(4).tables(new double[] {0, Math.PI, 2}, DataType.DOUBLE);
        assertEquals(1, t.cos(0, 1), 0);
        assertEquals(0, t.sin(0, 0), 0);
        assertEquals(-1, t.cos(1, 0), 1e-16);
        assertEquals(1, t.sin(1, 1), 1e-16);          // sin(π/2)
        assertEquals(Math.cos(1), t.cos(2, 1), 1e-16);  // 2·½
        RotaryTables f = RotaryEmbedding.of(4, Pairing.HALF_SPLIT).withBase(4).tables(new double[] {0, Math.PI, 2}, DataType.FLOAT);
        assertEquals((float) Math.sin(2), f.sin(2, 0), 0);   // rounded once from the double value
        assertEquals(3, f.seq());
        assertEquals(DataType.FLOAT, f.type());
    }

    /** θ'_i = θ_i / L and a(L) = 1 + L/100, to see that the tables use L = ⌊max p⌋ + 1. */
    private static final RopeScaling BY_LENGTH = new RopeScaling() {
        @Override
        public double[] thetas(double base, int rotaryDim, long length) {
            double[] t = RopeScaling.none().thetas(base, rotaryDim, length);
            for (int i = 0; i < t.length; i++) {
                t[i] /= length;
            }
            return t;
        }

        @Override
        public double attentionFactor(long length) {
            return 1 + length / 100.0;
        }

        @Override
        public String name() {
            return "by-length";
        }
    };

    @Test
    void tablesComeFromTheScheduleAtTheSequenceLength() {
        double[] positions = {0, 9.5, 3};            // L = 10
        RotaryTables t = RotaryEmbedding.of(4, Pairing.INTERLEAVED).withBase(4).withScaling(BY_LENGTH)
                .tables(positions, DataType.DOUBLE);
        assertEquals(1.1 * Math.cos(9.5 * 0.5 / 10), t.cos(1, 1), 1e-15);
        assertEquals(1.1 * Math.sin(3 * 1.0 / 10), t.sin(2, 0), 1e-15);
    }

    @Test
    void outOfPlaceAndInPlaceMatchTheComplexForm() {
        Random rng = new Random(21);
        for (RotaryEmbedding rope : variants()) {
            for (DataType type : TYPES) {
                // 6·2050·d ≥ 2^17 elements and 2050·r/2 ≥ 2^14 pairs (d = 16): the parallel kernel and tables
                for (int seq : new int[] {7, 2050}) {
                    double[] positions = positions(rng, seq);
                    INDArray x = gaussian(rng, type, seq == 7 ? 2 : 1, 6, seq, rope.dim());
                    INDArray before = x.dup();
                    INDArray out = Nd4j.zeros(type, x.shape());
                    assertSame(out, rope.apply(x, positions, out));
                    assertEquals(0, before.sub(x).amaxNumber().doubleValue(), 0, "out of place leaves x unchanged");
                    double tol = type == DataType.FLOAT ? 2e-5 : 1e-12;
                    String what = rope + " " + type + " seq " + seq;
                    assertTrue(errorToComplex(rope, x, positions, out) <= tol, what + " out of place");
                    assertTrue(errorToComplex(rope, x, positions, rope.apply(x, positions)) <= tol, what + " new tensor");
                    INDArray inPlace = x.dup();
                    assertSame(inPlace, rope.applyInPlace(inPlace, positions));
                    assertTrue(errorToComplex(rope, x, positions, inPlace) <= tol, what + " in place");
                }
            }
        }
    }

    @Test
    void agreesWithTheDenseMatricesAndTheElementWiseOps() {
        Random rng = new Random(22);
        for (RotaryEmbedding rope : variants()) {
            double[] positions = positions(rng, 33);
            INDArray x = gaussian(rng, DataType.DOUBLE, 3, 2, 33, rope.dim());
            INDArray fast = rope.apply(x, positions);
            assertEquals(0, fast.sub(rope.applyDense(x, positions)).amaxNumber().doubleValue(), 1e-12, rope.toString());
            assertEquals(0, fast.sub(rope.applyElementWise(x, positions)).amaxNumber().doubleValue(), 1e-12, rope.toString());
            INDArray xf = x.castTo(DataType.FLOAT);
            INDArray fastF = rope.apply(xf, positions);
            assertEquals(DataType.FLOAT, fastF.dataType());
            assertEquals(0, fastF.sub(rope.applyDense(xf, positions)).amaxNumber().doubleValue(), 2e-5, rope.toString());
        }
    }

    @Test
    void unrotatedComponentsPassExactly() {
        RotaryEmbedding rope = RotaryEmbedding.of(12, Pairing.HALF_SPLIT).withRotaryFraction(2.0 / 3);   // r = 8
        INDArray x = gaussian(new Random(23), DataType.FLOAT, 1, 2, 3, 12);
        INDArray out = Nd4j.zeros(DataType.FLOAT, 1, 2, 3, 12);
        rope.apply(x, new double[] {1, 2, 3}, out);
        for (int j = 8; j < 12; j++) {
            assertEquals(x.getFloat(0, 1, 2, j), out.getFloat(0, 1, 2, j), 0, "component " + j);
            assertEquals(x.getFloat(0, 0, 0, j), out.getFloat(0, 0, 0, j), 0, "component " + j);
        }
    }

    @Test
    void stridedInputIsCopiedByApplyAndRejectedByTheBufferForms() {
        Random rng = new Random(24);
        RotaryEmbedding rope = RotaryEmbedding.of(8, Pairing.INTERLEAVED);
        double[] positions = {0, 4, 9};
        INDArray bshd = gaussian(rng, DataType.FLOAT, 2, 3, 5, 8);      // [batch, seq, heads, d]
        INDArray x = bshd.permute(0, 2, 1, 3);                          // [batch, heads, seq, d], strided
        assertTrue(errorToComplex(rope, x, positions, rope.apply(x, positions)) <= 2e-5);
        INDArray out = Nd4j.zeros(DataType.FLOAT, 2, 5, 3, 8);
        assertMessage("x must be dense in C order", () -> rope.apply(x, positions, out));
        assertMessage("x must be dense in C order", () -> rope.applyInPlace(x, positions));
        assertMessage("out must be dense in C order", () -> rope.apply(x.dup('c'), positions, Nd4j.zeros(DataType.FLOAT, 2, 3, 5, 8)
                .permute(0, 2, 1, 3)));
    }

    @Test
    void aDenseViewWithAnOffsetIsRotatedInPlaceAlone() {
        RotaryEmbedding rope = RotaryEmbedding.of(4, Pairing.HALF_SPLIT);
        double[] positions = {3, 5};
        INDArray whole = gaussian(new Random(25), DataType.DOUBLE, 3, 1, 2, 4);
        INDArray original = whole.dup();
        INDArray middle = whole.get(NDArrayIndex.interval(1, 2), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all());
        rope.applyInPlace(middle, positions);
        assertTrue(errorToComplex(rope, original.get(NDArrayIndex.interval(1, 2), NDArrayIndex.all(), NDArrayIndex.all(),
                NDArrayIndex.all()).dup(), positions, middle) <= 1e-12);
        for (int b : new int[] {0, 2}) {
            assertEquals(original.slice(b), whole.slice(b), "batch " + b + " untouched");
        }
    }

    @Test
    void viewsStartingAnywhereInACacheLineAreRotatedExactlyOnce() {
        // batch slices of 1·9·10 elements start 360 bytes (float) or 720 bytes (double) apart: in place and out of
        // place into a buffer one batch shifted, the vector loads of x begin at different points of a 64-byte line
        for (Pairing pairing : Pairing.values()) {
            RotaryEmbedding rope = RotaryEmbedding.of(10, pairing);
            double[] positions = positions(new Random(26), 9);
            for (DataType type : TYPES) {
                INDArray whole = gaussian(new Random(27), type, 4, 1, 9, 10);
                INDArray original = whole.dup();
                INDArray target = Nd4j.zeros(type, 5, 1, 9, 10);
                double tol = type == DataType.FLOAT ? 2e-5 : 1e-12;
                for (int b = 0; b < 4; b++) {
                    INDArray x = batch(original, b);
                    assertTrue(errorToComplex(rope, x, positions, rope.apply(x, positions, batch(target, b + 1))) <= tol,
                            pairing + " " + type + " batch " + b + " out of place");
                    assertTrue(errorToComplex(rope, x, positions, rope.applyInPlace(batch(whole, b), positions)) <= tol,
                            pairing + " " + type + " batch " + b + " in place");
                }
                assertEquals(0, target.slice(0).amaxNumber().doubleValue(), 0, "nothing written before the first view");
            }
        }
    }

    private static INDArray batch(INDArray a, int b) {
        return a.get(NDArrayIndex.interval(b, b + 1), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all());
    }

    @Test
    void badArgumentsAreRejectedWithTheirRule() {
        RotaryEmbedding rope = RotaryEmbedding.of(4, Pairing.INTERLEAVED);
        RotaryTables t = rope.tables(new double[] {0, 1}, DataType.FLOAT);
        INDArray x = Nd4j.zeros(DataType.FLOAT, 1, 1, 2, 4);
        assertMessage("type must be FLOAT or DOUBLE, got HALF", () -> rope.tables(new double[] {0}, DataType.HALF));
        assertMessage("x must hold FLOAT like these tables, got DOUBLE", () -> t.apply(Nd4j.zeros(DataType.DOUBLE, 1, 1, 2, 4)));
        assertMessage("x must be [batch, heads, seq, d] with seq = 2, d = 4, got [1, 1, 3, 4]", () -> t.apply(Nd4j.zeros(DataType.FLOAT, 1, 1, 3, 4)));
        assertMessage("out must be [batch, heads, seq, d]", () -> t.apply(x, Nd4j.zeros(DataType.FLOAT, 1, 1, 2, 6)));
        assertMessage("out must have the shape of x", () -> t.apply(x, Nd4j.zeros(DataType.FLOAT, 2, 1, 2, 4)));
        INDArray two = Nd4j.zeros(DataType.FLOAT, 2, 1, 2, 4);
        INDArray first = two.get(NDArrayIndex.interval(0, 1), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all());
        INDArray alsoFirst = two.get(NDArrayIndex.interval(0, 1), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all());
        assertMessage("out must be x itself (in place) or not overlap", () -> t.apply(first, alsoFirst));
        INDArray second = two.get(NDArrayIndex.interval(1, 2), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all());
        assertSame(second, t.apply(first, second));        // neighbours in one buffer do not overlap
        assertMessage("(s, i) must be in [0, 2) × [0, 2), got (2, 0)", () -> t.cos(2, 0));
        assertMessage("positions[1] must be finite", () -> rope.tables(new double[] {0, Double.NaN}, DataType.FLOAT));
    }

    /** Returns max |y − rotateByComplex(x)| over every vector; the complex form is computed in double from x's values. */
    private static double errorToComplex(RotaryEmbedding rope, INDArray x, double[] positions, INDArray y) {
        assertArrayEquals(x.shape(), y.shape());
        double[] xs = x.dup('c').castTo(DataType.DOUBLE).data().asDouble();
        double[] ys = y.dup('c').castTo(DataType.DOUBLE).data().asDouble();
        int d = rope.dim();
        int seq = positions.length;
        double err = 0;
        for (int v = 0; v < xs.length / d; v++) {
            double[] in = new double[d];
            System.arraycopy(xs, v * d, in, 0, d);
            double[] expected = rope.rotateByComplex(in, positions[v % seq]);
            for (int j = 0; j < d; j++) {
                err = Math.max(err, Math.abs(expected[j] - ys[v * d + j]));
            }
        }
        return err;
    }

    private static RotaryEmbedding[] variants() {
        return new RotaryEmbedding[] {
            RotaryEmbedding.of(16, Pairing.INTERLEAVED),
            RotaryEmbedding.of(16, Pairing.HALF_SPLIT),
            RotaryEmbedding.of(16, Pairing.INTERLEAVED).withRotaryFraction(0.25).withBase(500),
            RotaryEmbedding.of(12, Pairing.HALF_SPLIT).withRotaryFraction(2.0 / 3),
            // full vectors and a scalar tail in one row at 4, 8 and 16 lanes
            RotaryEmbedding.of(40, Pairing.INTERLEAVED),
            RotaryEmbedding.of(40, Pairing.HALF_SPLIT),
            RotaryEmbedding.of(56, Pairing.HALF_SPLIT).withRotaryFraction(6.0 / 7),
        };
    }

    private static double[] positions(Random rng, int seq) {
        double[] p = new double[seq];
        for (int s = 0; s < seq; s++) {
            p[s] = s == 0 ? 0 : rng.nextInt(4096) + (s % 3 == 0 ? 0.25 : 0);
        }
        return p;
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

    private static void assertMessage(String part, org.junit.jupiter.api.function.Executable call) {
        var e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(part), "message '" + e.getMessage() + "' should contain '" + part + "'");
    }
}
