package org.ropelab.precision;

import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ropelab.rope.RopeScaling;

/**
 * A binary floating-point format with {@code e} exponent bits and {@code t} stored mantissa bits
 * (precision {@code p = t + 1}), and exact IEEE 754 rounding of a double into it: round to nearest,
 * ties to even; magnitudes at or past {@code maxFinite + ulp/2} become ±∞; below the smallest normal
 * {@code 2^emin} the spacing stays {@code 2^(emin − t)} (gradual underflow, subnormals); ±0, ±∞ and
 * NaN pass through. Values are returned as doubles, which hold every value of these formats exactly.
 * Rounding happens once, straight from the double: no detour through float32.
 */
public enum NumberFormat {
    /** IEEE binary32: 8 exponent bits, 23 mantissa bits. */
    FLOAT32(8, 23),
    /**
     * NVIDIA's TensorFloat-32, the format tensor cores read float32 inputs in: float32's 8 exponent bits,
     * 10 mantissa bits (the input rounding is modelled as nearest-even; hardware may round differently).
     */
    TF32(8, 10),
    /** bfloat16 (brain float): float32's 8 exponent bits, 7 mantissa bits. */
    BFLOAT16(8, 7),
    /** IEEE binary16 (half precision): 5 exponent bits, 10 mantissa bits. */
    FLOAT16(5, 10);

    private final int exponentBits;
    private final int mantissaBits;
    private final int maxExponent;
    private final int minExponent;
    private final double maxFinite;

    NumberFormat(int exponentBits, int mantissaBits) {
        this.exponentBits = exponentBits;
        this.mantissaBits = mantissaBits;
        this.maxExponent = (1 << (exponentBits - 1)) - 1;
        this.minExponent = 1 - maxExponent;
        this.maxFinite = (2 - Math.scalb(1.0, -mantissaBits)) * Math.scalb(1.0, maxExponent);
    }

    /** Returns the number of exponent bits {@code e}. */
    public int exponentBits() {
        return exponentBits;
    }

    /** Returns the number of stored mantissa bits {@code t} (the precision is {@code t + 1} bits). */
    public int mantissaBits() {
        return mantissaBits;
    }

    /** Returns the unit roundoff {@code u = 2^−(t+1)}: the largest relative error of rounding a normal number. */
    public double unitRoundoff() {
        return Math.scalb(1.0, -(mantissaBits + 1));
    }

    /** Returns the largest finite value {@code (2 − 2^−t)·2^emax}, {@code emax = 2^(e−1) − 1}. */
    public double maxFinite() {
        return maxFinite;
    }

    /** Returns the smallest positive normal value {@code 2^emin}, {@code emin = 1 − emax}. */
    public double minNormal() {
        return Math.scalb(1.0, minExponent);
    }

    /** Returns the smallest positive subnormal value {@code 2^(emin − t)}. */
    public double minSubnormal() {
        return Math.scalb(1.0, minExponent - mantissaBits);
    }

    /** Returns {@code x} rounded to this format (nearest, ties to even; overflow to ±∞; subnormals kept). */
    public double round(double x) {
        if (Double.isNaN(x) || Double.isInfinite(x) || x == 0) {
            return x;
        }
        double a = Math.abs(x);
        int exponent = Math.max(Math.getExponent(a), minExponent);
        double quantum = Math.scalb(1.0, exponent - mantissaBits);   // the spacing of the format around a
        double r = Math.rint(a / quantum) * quantum;                // both scalings by powers of 2 are exact
        return Math.copySign(r > maxFinite ? Double.POSITIVE_INFINITY : r, x);
    }

    /** Returns a copy of {@code x} with every element rounded to this format. */
    public double[] round(double[] x) {
        if (x == null) {
            throw new IllegalArgumentException("x must be an array, got null");
        }
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = round(x[i]);
        }
        return y;
    }

    /**
     * Returns a copy of {@code x} (FLOAT or DOUBLE, any shape) with every element rounded to this
     * format, in the data type of {@code x}. Rounded to {@link #FLOAT32} or narrower, FLOAT holds the values exactly.
     */
    public INDArray round(INDArray x) {
        if (x == null || (x.dataType() != DataType.DOUBLE && x.dataType() != DataType.FLOAT)) {
            throw new IllegalArgumentException("x must hold FLOAT or DOUBLE, got " + (x == null ? "null" : x.dataType()));
        }
        if (x.dataType() == DataType.FLOAT && this == FLOAT32) {
            return x.dup();
        }
        double[] values = round(x.dup('c').reshape(x.length()).toDoubleVector());
        return Nd4j.create(values, x.shape(), DataType.DOUBLE).castTo(x.dataType());
    }

    /**
     * Returns the schedule {@code s} with its frequencies rounded to this format, {@code θ'_i = round(θ_i)}
     * (the attention factor unchanged): inverse frequencies kept in a narrow format before the phase.
     */
    public RopeScaling frequencies(RopeScaling s) {
        if (s == null) {
            throw new IllegalArgumentException("s must be a RopeScaling (RopeScaling.none() for none), got null");
        }
        return new RoundedFrequencies(this, s);
    }

    /** A schedule whose frequencies are another schedule's, rounded to a {@link NumberFormat}. */
    private record RoundedFrequencies(NumberFormat format, RopeScaling schedule) implements RopeScaling {
        @Override
        public double[] thetas(double base, int rotaryDim, long sequenceLength) {
            return format.round(schedule.thetas(base, rotaryDim, sequenceLength));
        }

        @Override
        public double attentionFactor(long sequenceLength) {
            return schedule.attentionFactor(sequenceLength);
        }

        @Override
        public String name() {
            return format.name().toLowerCase(Locale.ROOT) + "(" + schedule.name() + ")";
        }

        @Override
        public String toString() {
            return name();
        }
    }
}
