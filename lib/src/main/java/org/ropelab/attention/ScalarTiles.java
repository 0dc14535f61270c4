package org.ropelab.attention;

import java.util.Arrays;

/**
 * {@link TiledAttention}'s kernel in plain Java, in double: the schedule and layouts of {@link FloatTiles}
 * (q in interleaved groups of {@link TiledAttention#GROUP} rows, key tiles transposed, values in strips of
 * {@link #strip()}) with {@link #keys()} keys per tile, for a JVM without the Vector API module (or without C2).
 */
final class ScalarTiles {
    private static final int BC = 16;
    private static final int STRIP = 8;

    private ScalarTiles() {
    }

    static int keys() {
        return BC;
    }

    static int strip() {
        return STRIP;
    }

    /** As {@link FloatTiles#block}, in double. */
    static void block(double[] q, int rows, int d, double[] kt, double[] v, int dvp, int i0, int limit,
                      boolean causal, double[] bias, int zero, double[] s, double[] o, double[] m, double[] l) {
        int group = TiledAttention.GROUP;
        Arrays.fill(o, 0, rows * dvp, 0);
        Arrays.fill(m, 0, rows, Double.NEGATIVE_INFINITY);
        Arrays.fill(l, 0, rows, 0);
        int last = Math.min(limit, causal ? i0 + rows : limit);
        for (int j0 = 0; j0 < last; j0 += BC) {
            int tile = j0 * d;
            int values = j0 * dvp;
            for (int r = 0; r < rows; r++) {
                int i = i0 + r;
                int allowed = Math.min(BC, Math.min(limit, causal ? i + 1 : limit) - j0);
                if (allowed <= 0) {
                    continue;
                }
                int q0 = (r / group) * group * d + r % group;
                double max = m[r];
                for (int c = 0; c < allowed; c++) {
                    double dot = 0;
                    for (int k = 0; k < d; k++) {
                        dot += q[q0 + k * group] * kt[tile + k * BC + c];
                    }
                    s[c] = dot + (bias == null ? 0 : bias[j0 + c - i + zero]);
                    max = Math.max(max, s[c]);
                }
                double alpha = Math.exp(m[r] - max);
                double sum = 0;
                for (int c = 0; c < allowed; c++) {
                    s[c] = Math.exp(s[c] - max);
                    sum += s[c];
                }
                l[r] = l[r] * alpha + sum;
                m[r] = max;
                for (int x = 0; x < dvp; x++) {
                    int strip = values + (x / STRIP) * STRIP * BC + x % STRIP;
                    double acc = o[r * dvp + x] * alpha;
                    for (int c = 0; c < allowed; c++) {
                        acc += s[c] * v[strip + c * STRIP];
                    }
                    o[r * dvp + x] = acc;
                }
            }
        }
        for (int r = 0; r < rows; r++) {
            for (int x = 0; x < dvp; x++) {
                o[r * dvp + x] /= l[r];
            }
        }
    }
}
