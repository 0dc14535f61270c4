package org.ropelab.rope;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Pairs of a few heads, {@link RotaryTables}' kernel with the incubating Vector API in the
 * machine's widest lanes; each table vector is loaded once and used on every head. Loaded only when the
 * module {@code jdk.incubator.vector} is in the boot layer (the kernel set-up and the tests add it);
 * otherwise {@link ScalarRotation} runs. Interleaved, with the table row {@code T = (c₀, s₀, c₁, s₁, …)}:
 * {@code y = x⊙C + swap(x)⊙S} where {@code C = (c₀, c₀, c₁, c₁, …)}, {@code S = (−s₀, s₀, −s₁, s₁, …)} and
 * {@code swap} exchanges the lanes of each pair: the complex product {@code x·(c + i s)} per pair. In float, a
 * pair is one 64-bit lane: {@code swap} is a rotation by 32 bits and {@code C}, {@code S} come from shifts and
 * masks (measured on a row in L2, each 12–15 % faster than the lane shuffles the double kernel uses).
 * Half-split, with {@code T = (c…, s…)}: {@code y₁ = x₁⊙c − x₂⊙s}, {@code y₂ = x₂⊙c + x₁⊙s}. Offsets and
 * the head stride are in elements; what is left of a row after the last full vector runs scalar.
 */
final class VectorRotation {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    /** A pair of floats as one 64-bit lane: its low half (the first float), its high half, the first float's sign bit. */
    private static final long LOW = 0xFFFF_FFFFL;
    private static final long HIGH = 0xFFFF_FFFF_0000_0000L;
    private static final long SIGN = 0x8000_0000L;
    private static final VectorShuffle<Double> SWAP_D = VectorShuffle.fromOp(D, k -> k ^ 1);
    private static final VectorShuffle<Double> REAL_D = VectorShuffle.fromOp(D, k -> k & ~1);
    private static final VectorShuffle<Double> IMAG_D = VectorShuffle.fromOp(D, k -> k | 1);
    private static final DoubleVector SIGNS_D = DoubleVector.fromArray(D, doubleSigns(), 0);
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    private VectorRotation() {
    }

    /** Returns the lanes of a float vector, e.g. 16 with AVX-512. */
    static int floatLanes() {
        return F.length();
    }

    /**
     * The float kernel on {@code half} pairs of each head: interleaved, any run of pairs whose table entries lie
     * side by side (one row, or several whole rows when {@code r = d}), its first {@code lead} pairs scalar so
     * that the vector loads of x start on a 64-byte line (ND4J's buffers start 16 bytes past one: every 64-byte
     * load would span two lines); half-split, one row whose halves are {@code half} elements apart.
     */
    static void floatRows(ByteBuffer x, int xo, ByteBuffer y, int yo, int stride, int heads, float[] t, int to, int half,
                          boolean interleaved, int lead) {
        int lanes = F.length();
        if (interleaved) {
            int r = 2 * half;
            ScalarRotation.floatInterleaved(x, xo, y, yo, stride, heads, t, to, 0, lead);
            int j = 2 * lead;
            for (; j + lanes <= r; j += lanes) {
                FloatVector pairs = FloatVector.fromArray(F, t, to + j);
                LongVector cs = pairs.reinterpretAsLongs();      // per pair, c in the low 32 bits and s in the high
                FloatVector c = cs.and(LOW).or(cs.lanewise(VectorOperators.LSHL, 32)).reinterpretAsFloats();
                FloatVector s = cs.lanewise(VectorOperators.LSHR, 32).or(cs.and(HIGH)).lanewise(VectorOperators.XOR, SIGN)
                        .reinterpretAsFloats();
                for (int h = 0; h < heads; h++) {
                    FloatVector v = FloatVector.fromByteBuffer(F, x, 4 * (xo + h * stride + j), ORDER);
                    FloatVector swapped = v.reinterpretAsLongs().lanewise(VectorOperators.ROR, 32).reinterpretAsFloats();
                    v.mul(c).add(swapped.mul(s)).intoByteBuffer(y, 4 * (yo + h * stride + j), ORDER);
                }
            }
            ScalarRotation.floatInterleaved(x, xo, y, yo, stride, heads, t, to, j / 2, half);
        } else {
            int i = 0;
            for (; i + lanes <= half; i += lanes) {
                FloatVector c = FloatVector.fromArray(F, t, to + i);
                FloatVector s = FloatVector.fromArray(F, t, to + half + i);
                for (int h = 0; h < heads; h++) {
                    int a = 4 * (xo + h * stride + i);
                    int b = 4 * (yo + h * stride + i);
                    FloatVector u = FloatVector.fromByteBuffer(F, x, a, ORDER);
                    FloatVector v = FloatVector.fromByteBuffer(F, x, a + 4 * half, ORDER);
                    u.mul(c).sub(v.mul(s)).intoByteBuffer(y, b, ORDER);
                    v.mul(c).add(u.mul(s)).intoByteBuffer(y, b + 4 * half, ORDER);
                }
            }
            ScalarRotation.floatHalfSplit(x, xo, y, yo, stride, heads, t, to, i, half, half);
        }
    }

    /** The double kernel, with the same runs and lead as {@link #floatRows}. */
    static void doubleRows(ByteBuffer x, int xo, ByteBuffer y, int yo, int stride, int heads, double[] t, int to, int half,
                           boolean interleaved, int lead) {
        int lanes = D.length();
        if (interleaved) {
            int r = 2 * half;
            ScalarRotation.doubleInterleaved(x, xo, y, yo, stride, heads, t, to, 0, lead);
            int j = 2 * lead;
            for (; j + lanes <= r; j += lanes) {
                DoubleVector pairs = DoubleVector.fromArray(D, t, to + j);
                DoubleVector c = pairs.rearrange(REAL_D);
                DoubleVector s = pairs.rearrange(IMAG_D).mul(SIGNS_D);
                for (int h = 0; h < heads; h++) {
                    DoubleVector v = DoubleVector.fromByteBuffer(D, x, 8 * (xo + h * stride + j), ORDER);
                    v.mul(c).add(v.rearrange(SWAP_D).mul(s)).intoByteBuffer(y, 8 * (yo + h * stride + j), ORDER);
                }
            }
            ScalarRotation.doubleInterleaved(x, xo, y, yo, stride, heads, t, to, j / 2, half);
        } else {
            int i = 0;
            for (; i + lanes <= half; i += lanes) {
                DoubleVector c = DoubleVector.fromArray(D, t, to + i);
                DoubleVector s = DoubleVector.fromArray(D, t, to + half + i);
                for (int h = 0; h < heads; h++) {
                    int a = 8 * (xo + h * stride + i);
                    int b = 8 * (yo + h * stride + i);
                    DoubleVector u = DoubleVector.fromByteBuffer(D, x, a, ORDER);
                    DoubleVector v = DoubleVector.fromByteBuffer(D, x, a + 8 * half, ORDER);
                    u.mul(c).sub(v.mul(s)).intoByteBuffer(y, b, ORDER);
                    v.mul(c).add(u.mul(s)).intoByteBuffer(y, b + 8 * half, ORDER);
                }
            }
            ScalarRotation.doubleHalfSplit(x, xo, y, yo, stride, heads, t, to, i, half, half);
        }
    }

    /** (−1, 1, −1, 1, …): the signs of the sines in {@code S}. */
    private static double[] doubleSigns() {
        double[] signs = new double[D.length()];
        for (int k = 0; k < signs.length; k++) {
            signs[k] = k % 2 == 0 ? -1 : 1;
        }
        return signs;
    }
}
