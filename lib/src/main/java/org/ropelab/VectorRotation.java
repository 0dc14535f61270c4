package org.ropelab;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * One row of {@link RotaryTables}' kernel with the incubating Vector API, in the machine's widest
 * lanes. Loaded only when the module {@code jdk.incubator.vector} is in the boot layer (the kernel
 * set-up and the tests add it); otherwise {@link RotaryTables} runs its scalar loops. Interleaved:
 * {@code y = x⊙C + swap(x)⊙S} with {@code swap} exchanging the lanes of each pair and {@code S}
 * signed; half-split: {@code y₁ = x₁⊙c − x₂⊙s}, {@code y₂ = x₂⊙c + x₁⊙s}. Element offsets are in
 * elements of the buffer; the tail of a row shorter than the lanes runs scalar.
 */
final class VectorRotation {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final VectorShuffle<Float> SWAP_F = VectorShuffle.fromOp(F, k -> k ^ 1);
    private static final VectorShuffle<Double> SWAP_D = VectorShuffle.fromOp(D, k -> k ^ 1);
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    private VectorRotation() {
    }

    /** Returns the lanes of a float vector, e.g. 16 with AVX-512. */
    static int floatLanes() {
        return F.length();
    }

    static void floatRow(ByteBuffer x, int xo, ByteBuffer y, int yo, float[] c, float[] s, int t, int half,
                         boolean interleaved) {
        if (interleaved) {
            int r = 2 * half;
            int j = 0;
            for (int end = F.loopBound(r); j < end; j += F.length()) {
                FloatVector v = FloatVector.fromByteBuffer(F, x, 4 * (xo + j), ORDER);
                FloatVector cos = FloatVector.fromArray(F, c, t + j);
                FloatVector sin = FloatVector.fromArray(F, s, t + j);
                v.mul(cos).add(v.rearrange(SWAP_F).mul(sin)).intoByteBuffer(y, 4 * (yo + j), ORDER);
            }
            for (; j < r; j += 2) {
                float a = x.getFloat(4 * (xo + j));
                float b = x.getFloat(4 * (xo + j + 1));
                y.putFloat(4 * (yo + j), a * c[t + j] + b * s[t + j]);
                y.putFloat(4 * (yo + j + 1), b * c[t + j + 1] + a * s[t + j + 1]);
            }
        } else {
            int i = 0;
            for (int end = F.loopBound(half); i < end; i += F.length()) {
                FloatVector a = FloatVector.fromByteBuffer(F, x, 4 * (xo + i), ORDER);
                FloatVector b = FloatVector.fromByteBuffer(F, x, 4 * (xo + half + i), ORDER);
                FloatVector cos = FloatVector.fromArray(F, c, t + i);
                FloatVector sin = FloatVector.fromArray(F, s, t + i);
                a.mul(cos).sub(b.mul(sin)).intoByteBuffer(y, 4 * (yo + i), ORDER);
                b.mul(cos).add(a.mul(sin)).intoByteBuffer(y, 4 * (yo + half + i), ORDER);
            }
            for (; i < half; i++) {
                float a = x.getFloat(4 * (xo + i));
                float b = x.getFloat(4 * (xo + half + i));
                y.putFloat(4 * (yo + i), a * c[t + i] - b * s[t + i]);
                y.putFloat(4 * (yo + half + i), b * c[t + i] + a * s[t + i]);
            }
        }
    }

    static void doubleRow(ByteBuffer x, int xo, ByteBuffer y, int yo, double[] c, double[] s, int t, int half,
                          boolean interleaved) {
        if (interleaved) {
            int r = 2 * half;
            int j = 0;
            for (int end = D.loopBound(r); j < end; j += D.length()) {
                DoubleVector v = DoubleVector.fromByteBuffer(D, x, 8 * (xo + j), ORDER);
                DoubleVector cos = DoubleVector.fromArray(D, c, t + j);
                DoubleVector sin = DoubleVector.fromArray(D, s, t + j);
                v.mul(cos).add(v.rearrange(SWAP_D).mul(sin)).intoByteBuffer(y, 8 * (yo + j), ORDER);
            }
            for (; j < r; j += 2) {
                double a = x.getDouble(8 * (xo + j));
                double b = x.getDouble(8 * (xo + j + 1));
                y.putDouble(8 * (yo + j), a * c[t + j] + b * s[t + j]);
                y.putDouble(8 * (yo + j + 1), b * c[t + j + 1] + a * s[t + j + 1]);
            }
        } else {
            int i = 0;
            for (int end = D.loopBound(half); i < end; i += D.length()) {
                DoubleVector a = DoubleVector.fromByteBuffer(D, x, 8 * (xo + i), ORDER);
                DoubleVector b = DoubleVector.fromByteBuffer(D, x, 8 * (xo + half + i), ORDER);
                DoubleVector cos = DoubleVector.fromArray(D, c, t + i);
                DoubleVector sin = DoubleVector.fromArray(D, s, t + i);
                a.mul(cos).sub(b.mul(sin)).intoByteBuffer(y, 8 * (yo + i), ORDER);
                b.mul(cos).add(a.mul(sin)).intoByteBuffer(y, 8 * (yo + half + i), ORDER);
            }
            for (; i < half; i++) {
                double a = x.getDouble(8 * (xo + i));
                double b = x.getDouble(8 * (xo + half + i));
                y.putDouble(8 * (yo + i), a * c[t + i] - b * s[t + i]);
                y.putDouble(8 * (yo + half + i), b * c[t + i] + a * s[t + i]);
            }
        }
    }
}
