package org.ropelab.claims;

import java.util.Arrays;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Seeded random tensors and the distance between two tensors, in double precision, for the notebooks. */
public final class Tensors {
    private Tensors() {
    }

    /**
     * Returns a double tensor of the given {@code shape} with independent entries {@code ~ N(0, std²)}:
     * {@code std · rng.nextGaussian()}, drawn in row-major order.
     */
    public static INDArray gaussian(Random rng, double std, int... shape) {
        if (rng == null) {
            throw new IllegalArgumentException("rng must be a generator, got null");
        }
        if (!(std >= 0) || Double.isInfinite(std)) {
            throw new IllegalArgumentException("std must be finite and at least 0, got " + std);
        }
        if (shape.length == 0 || Arrays.stream(shape).anyMatch(s -> s <= 0)) {
            throw new IllegalArgumentException("shape must list positive sizes, got " + Arrays.toString(shape));
        }
        long n = Arrays.stream(shape).asLongStream().reduce(1, (a, b) -> a * b);
        double[] values = new double[Math.toIntExact(n)];
        for (int i = 0; i < values.length; i++) {
            values[i] = std * rng.nextGaussian();
        }
        return Nd4j.create(values, Arrays.stream(shape).asLongStream().toArray(), DataType.DOUBLE);
    }

    /**
     * Returns {@code max_i |a_i − b_i|} over two tensors of the same shape, both read in double precision
     * (so a float32 tensor can be compared with a float64 one); NaN if either holds a NaN.
     */
    public static double maxAbsDifference(INDArray a, INDArray b) {
        if (a == null || b == null || !Arrays.equals(a.shape(), b.shape())) {
            throw new IllegalArgumentException("a and b must have the same shape, got "
                    + (a == null ? "null" : Arrays.toString(a.shape())) + " and "
                    + (b == null ? "null" : Arrays.toString(b.shape())));
        }
        double[] x = a.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[] y = b.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double max = 0;
        for (int i = 0; i < x.length; i++) {
            double diff = Math.abs(x[i] - y[i]);
            if (Double.isNaN(diff)) {
                return Double.NaN;
            }
            max = Math.max(max, diff);
        }
        return max;
    }
}
