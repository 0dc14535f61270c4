package org.ropelab.rope;

import java.nio.ByteBuffer;

/**
 * {@link RotaryTables}' kernel in plain Java: pairs {@code [from, end)} (all: {@code [0, half)}) of one sequence row of
 * {@code heads} heads {@code stride} elements apart, pair {@code (u, v)} with table entries
 * {@code (c, s)} becoming {@code (u·c − v·s, v·c + u·s)}. Interleaved rows hold the pairs side by side
 * and the table row {@code (c₀, s₀, c₁, s₁, …)}; half-split rows hold {@code u} in the first half and
 * {@code v} in the second, and the table row {@code (c…, s…)}. The buffers are in native byte order;
 * offsets are in elements. The whole kernel when the Vector API is absent, and the Vector API's tails.
 */
final class ScalarRotation {
    private ScalarRotation() {
    }

    static void floatRows(ByteBuffer x, int xo, ByteBuffer y, int yo, int stride, int heads, float[] t, int to, int half,
                          boolean interleaved) {
        if (interleaved) {
            floatInterleaved(x, xo, y, yo, stride, heads, t, to, 0, half);
        } else {
            floatHalfSplit(x, xo, y, yo, stride, heads, t, to, 0, half, half);
        }
    }

    static void doubleRows(ByteBuffer x, int xo, ByteBuffer y, int yo, int stride, int heads, double[] t, int to, int half,
                           boolean interleaved) {
        if (interleaved) {
            doubleInterleaved(x, xo, y, yo, stride, heads, t, to, 0, half);
        } else {
            doubleHalfSplit(x, xo, y, yo, stride, heads, t, to, 0, half, half);
        }
    }

    static void floatInterleaved(ByteBuffer x, int xo, ByteBuffer y, int yo, int stride, int heads, float[] t, int to,
                                 int from, int end) {
        for (int i = from; i < end; i++) {
            float c = t[to + 2 * i];
            float s = t[to + 2 * i + 1];
            for (int h = 0; h < heads; h++) {
                int a = 4 * (xo + h * stride + 2 * i);
                int b = 4 * (yo + h * stride + 2 * i);
                float u = x.getFloat(a);
                float v = x.getFloat(a + 4);
                y.putFloat(b, u * c - v * s);
                y.putFloat(b + 4, v * c + u * s);
            }
        }
    }

    static void floatHalfSplit(ByteBuffer x, int xo, ByteBuffer y, int yo, int stride, int heads, float[] t, int to,
                               int from, int end, int half) {
        for (int i = from; i < end; i++) {
            float c = t[to + i];
            float s = t[to + half + i];
            for (int h = 0; h < heads; h++) {
                int a = 4 * (xo + h * stride + i);
                int b = 4 * (yo + h * stride + i);
                float u = x.getFloat(a);
                float v = x.getFloat(a + 4 * half);
                y.putFloat(b, u * c - v * s);
                y.putFloat(b + 4 * half, v * c + u * s);
            }
        }
    }

    static void doubleInterleaved(ByteBuffer x, int xo, ByteBuffer y, int yo, int stride, int heads, double[] t, int to,
                                  int from, int end) {
        for (int i = from; i < end; i++) {
            double c = t[to + 2 * i];
            double s = t[to + 2 * i + 1];
            for (int h = 0; h < heads; h++) {
                int a = 8 * (xo + h * stride + 2 * i);
                int b = 8 * (yo + h * stride + 2 * i);
                double u = x.getDouble(a);
                double v = x.getDouble(a + 8);
                y.putDouble(b, u * c - v * s);
                y.putDouble(b + 8, v * c + u * s);
            }
        }
    }

    static void doubleHalfSplit(ByteBuffer x, int xo, ByteBuffer y, int yo, int stride, int heads, double[] t, int to,
                                int from, int end, int half) {
        for (int i = from; i < end; i++) {
            double c = t[to + i];
            double s = t[to + half + i];
            for (int h = 0; h < heads; h++) {
                int a = 8 * (xo + h * stride + i);
                int b = 8 * (yo + h * stride + i);
                double u = x.getDouble(a);
                double v = x.getDouble(a + 8 * half);
                y.putDouble(b, u * c - v * s);
                y.putDouble(b + 8 * half, v * c + u * s);
            }
        }
    }
}
