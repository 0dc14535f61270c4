package org.ropelab.attention;

import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link TiledAttention}'s kernel in double with the incubating Vector API: {@link FloatTiles}' schedule, register
 * blocks and layouts line for line (a value strip is {@link #strip()} doubles), with the Vector API's own
 * exponential (double needs more than {@code FloatTiles.exp}'s degree-7 polynomial).
 */
final class DoubleTiles {
    /** Rows per register block. */
    static final int R = TiledAttention.GROUP;
    private static final VectorSpecies<Double> F = DoubleVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    private static final int BC = 4 * L;
    private static final int STRIP = 2 * L;

    private DoubleTiles() {
    }

    /** Returns the keys per tile: four vectors. */
    static int keys() {
        return BC;
    }

    /** Returns the width of a value strip: two vectors. */
    static int strip() {
        return STRIP;
    }

    /**
     * Runs the query rows {@code [i0, i0 + rows)} (q padded to whole groups of R) against keys {@code [0, end(i))},
     * {@code end(i) = min(limit, i + 1)} when causal, else {@code limit}; bias row {@code bias[j − i + zero]} or null.
     * Writes {@code O/ℓ} into o ({@code [rows][dvp]}).
     */
    static void block(double[] q, int rows, int d, double[] kt, double[] v, int dvp, int i0, int limit,
                      boolean causal, double[] bias, int zero, double[] s, double[] o, double[] m, double[] l) {
        int groups = (rows + R - 1) / R;
        Arrays.fill(o, 0, groups * R * dvp, 0);
        Arrays.fill(m, 0, rows, Double.NEGATIVE_INFINITY);
        Arrays.fill(l, 0, rows, 0);
        int last = Math.min(limit, causal ? i0 + rows : limit);
        int tiles = (last + BC - 1) / BC;
        for (int t = 0; t < tiles; t++) {
            int j0 = t * BC;
            for (int g = 0; g < groups; g++) {
                int seen = seen(i0 + Math.min(rows, g * R + R) - 1, j0, limit, causal);
                for (int c = 0; c < seen; c += 2 * L) {
                    scores(q, g * R * d, d, kt, t * d * BC + c, s, g * R * BC + c);
                }
            }
            for (int r = 0; r < rows; r++) {
                softmaxRow(s, r * BC, seen(i0 + r, j0, limit, causal), bias, j0 - i0 - r + zero, o, r * dvp, dvp, m, l, r);
            }
            for (int g = 0; g < groups; g++) {
                int seen = seen(i0 + Math.min(rows, g * R + R) - 1, j0, limit, causal);
                for (int c = 0; c < dvp; c += STRIP) {
                    values(s, g * R * BC, v, (t * dvp + c) * BC, o, g * R * dvp + c, dvp, seen);
                }
            }
        }
        for (int r = 0; r < rows; r++) {
            double inv = 1 / l[r];
            for (int c = 0; c < dvp; c++) {
                o[r * dvp + c] *= inv;
            }
        }
    }

    /** Returns how many keys of the tile at {@code j0} row {@code i} may see, at most BC (≤ 0: none). */
    private static int seen(int i, int j0, int limit, boolean causal) {
        return Math.min(BC, Math.min(limit, causal ? i + 1 : limit) - j0);
    }

    /** {@code s[r … r+R)[c … c + 2L)}: one group of R interleaved rows of q from {@code q0} against two vectors of keys. */
    private static void scores(double[] q, int q0, int d, double[] kt, int k0, double[] s, int s0) {
        DoubleVector a00 = DoubleVector.zero(F), a01 = a00, a10 = a00, a11 = a00, a20 = a00, a21 = a00, a30 = a00, a31 = a00;
        int k = 0;
        for (; k + 2 <= d; k += 2) {                      // two steps per turn: half the loop's integer work
            int kk = k0 + k * BC;
            int qk = q0 + k * R;
            DoubleVector x0 = DoubleVector.fromArray(F, kt, kk);
            DoubleVector x1 = DoubleVector.fromArray(F, kt, kk + L);
            DoubleVector b = DoubleVector.broadcast(F, q[qk]);
            a00 = x0.fma(b, a00); a01 = x1.fma(b, a01);
            b = DoubleVector.broadcast(F, q[qk + 1]);
            a10 = x0.fma(b, a10); a11 = x1.fma(b, a11);
            b = DoubleVector.broadcast(F, q[qk + 2]);
            a20 = x0.fma(b, a20); a21 = x1.fma(b, a21);
            b = DoubleVector.broadcast(F, q[qk + 3]);
            a30 = x0.fma(b, a30); a31 = x1.fma(b, a31);
            x0 = DoubleVector.fromArray(F, kt, kk + BC);
            x1 = DoubleVector.fromArray(F, kt, kk + BC + L);
            b = DoubleVector.broadcast(F, q[qk + R]);
            a00 = x0.fma(b, a00); a01 = x1.fma(b, a01);
            b = DoubleVector.broadcast(F, q[qk + R + 1]);
            a10 = x0.fma(b, a10); a11 = x1.fma(b, a11);
            b = DoubleVector.broadcast(F, q[qk + R + 2]);
            a20 = x0.fma(b, a20); a21 = x1.fma(b, a21);
            b = DoubleVector.broadcast(F, q[qk + R + 3]);
            a30 = x0.fma(b, a30); a31 = x1.fma(b, a31);
        }
        if (k < d) {
            int kk = k0 + k * BC;
            int qk = q0 + k * R;
            DoubleVector x0 = DoubleVector.fromArray(F, kt, kk);
            DoubleVector x1 = DoubleVector.fromArray(F, kt, kk + L);
            DoubleVector b = DoubleVector.broadcast(F, q[qk]);
            a00 = x0.fma(b, a00); a01 = x1.fma(b, a01);
            b = DoubleVector.broadcast(F, q[qk + 1]);
            a10 = x0.fma(b, a10); a11 = x1.fma(b, a11);
            b = DoubleVector.broadcast(F, q[qk + 2]);
            a20 = x0.fma(b, a20); a21 = x1.fma(b, a21);
            b = DoubleVector.broadcast(F, q[qk + 3]);
            a30 = x0.fma(b, a30); a31 = x1.fma(b, a31);
        }
        a00.intoArray(s, s0); a01.intoArray(s, s0 + L);
        a10.intoArray(s, s0 + BC); a11.intoArray(s, s0 + BC + L);
        a20.intoArray(s, s0 + 2 * BC); a21.intoArray(s, s0 + 2 * BC + L);
        a30.intoArray(s, s0 + 3 * BC); a31.intoArray(s, s0 + 3 * BC + L);
    }

    /**
     * Adds the bias to the first {@code allowed} scores of a row, blocks the rest, and turns the row into
     * {@code exp(s − m')}, rescaling ℓ and the row of o; a row with no allowed key in this tile becomes 0.
     */
    private static void softmaxRow(double[] s, int at, int allowed, double[] bias, int b0, double[] o, int oAt, int dvp,
                                   double[] m, double[] l, int r) {
        if (allowed <= 0) {
            Arrays.fill(s, at, at + BC, 0);
            return;
        }
        if (bias != null) {
            for (int c = 0; c < BC; c += L) {
                DoubleVector.fromArray(F, s, at + c).add(DoubleVector.fromArray(F, bias, b0 + c)).intoArray(s, at + c);
            }
        }
        for (int c = allowed; c < BC; c++) {
            s[at + c] = Double.NEGATIVE_INFINITY;
        }
        DoubleVector max = DoubleVector.fromArray(F, s, at);
        for (int c = L; c < BC; c += L) {
            max = max.max(DoubleVector.fromArray(F, s, at + c));
        }
        double mOld = m[r];
        double mNew = Math.max(mOld, max.reduceLanes(VectorOperators.MAX));
        DoubleVector shift = DoubleVector.broadcast(F, mNew);
        for (int c = 0; c < BC; c += L) {
            DoubleVector.fromArray(F, s, at + c).sub(shift).lanewise(VectorOperators.EXP).intoArray(s, at + c);
        }
        for (int c = allowed; c < BC; c++) {               // blocked keys weigh exactly 0
            s[at + c] = 0;
        }
        DoubleVector sum = DoubleVector.fromArray(F, s, at);
        for (int c = L; c < BC; c += L) {
            sum = sum.add(DoubleVector.fromArray(F, s, at + c));
        }
        double alpha = Math.exp(mOld - mNew);        // 0 for the first tile (m = −∞)
        l[r] = l[r] * alpha + sum.reduceLanes(VectorOperators.ADD);
        m[r] = mNew;
        if (alpha != 1) {
            for (int c = 0; c < dvp; c += L) {
                DoubleVector.fromArray(F, o, oAt + c).mul(alpha).intoArray(o, oAt + c);
            }
        }
    }

    /** {@code o[r … r+R)[c … c + 2L) += p·v} over keys {@code [0, seen)}: p rows from {@code p0}, a value strip from {@code v0}. */
    private static void values(double[] p, int p0, double[] v, int v0, double[] o, int o0, int dvp, int seen) {
        DoubleVector a00 = DoubleVector.fromArray(F, o, o0), a01 = DoubleVector.fromArray(F, o, o0 + L);
        DoubleVector a10 = DoubleVector.fromArray(F, o, o0 + dvp), a11 = DoubleVector.fromArray(F, o, o0 + dvp + L);
        DoubleVector a20 = DoubleVector.fromArray(F, o, o0 + 2 * dvp), a21 = DoubleVector.fromArray(F, o, o0 + 2 * dvp + L);
        DoubleVector a30 = DoubleVector.fromArray(F, o, o0 + 3 * dvp), a31 = DoubleVector.fromArray(F, o, o0 + 3 * dvp + L);
        int j = 0;
        for (; j + 2 <= seen; j += 2) {                   // two keys per turn: half the loop's integer work
            int vv = v0 + j * STRIP;
            int pj = p0 + j;
            DoubleVector x0 = DoubleVector.fromArray(F, v, vv);
            DoubleVector x1 = DoubleVector.fromArray(F, v, vv + L);
            DoubleVector b = DoubleVector.broadcast(F, p[pj]);
            a00 = x0.fma(b, a00); a01 = x1.fma(b, a01);
            b = DoubleVector.broadcast(F, p[pj + BC]);
            a10 = x0.fma(b, a10); a11 = x1.fma(b, a11);
            b = DoubleVector.broadcast(F, p[pj + 2 * BC]);
            a20 = x0.fma(b, a20); a21 = x1.fma(b, a21);
            b = DoubleVector.broadcast(F, p[pj + 3 * BC]);
            a30 = x0.fma(b, a30); a31 = x1.fma(b, a31);
            x0 = DoubleVector.fromArray(F, v, vv + STRIP);
            x1 = DoubleVector.fromArray(F, v, vv + STRIP + L);
            b = DoubleVector.broadcast(F, p[pj + 1]);
            a00 = x0.fma(b, a00); a01 = x1.fma(b, a01);
            b = DoubleVector.broadcast(F, p[pj + 1 + BC]);
            a10 = x0.fma(b, a10); a11 = x1.fma(b, a11);
            b = DoubleVector.broadcast(F, p[pj + 1 + 2 * BC]);
            a20 = x0.fma(b, a20); a21 = x1.fma(b, a21);
            b = DoubleVector.broadcast(F, p[pj + 1 + 3 * BC]);
            a30 = x0.fma(b, a30); a31 = x1.fma(b, a31);
        }
        if (j < seen) {
            int vv = v0 + j * STRIP;
            int pj = p0 + j;
            DoubleVector x0 = DoubleVector.fromArray(F, v, vv);
            DoubleVector x1 = DoubleVector.fromArray(F, v, vv + L);
            DoubleVector b = DoubleVector.broadcast(F, p[pj]);
            a00 = x0.fma(b, a00); a01 = x1.fma(b, a01);
            b = DoubleVector.broadcast(F, p[pj + BC]);
            a10 = x0.fma(b, a10); a11 = x1.fma(b, a11);
            b = DoubleVector.broadcast(F, p[pj + 2 * BC]);
            a20 = x0.fma(b, a20); a21 = x1.fma(b, a21);
            b = DoubleVector.broadcast(F, p[pj + 3 * BC]);
            a30 = x0.fma(b, a30); a31 = x1.fma(b, a31);
        }
        a00.intoArray(o, o0); a01.intoArray(o, o0 + L);
        a10.intoArray(o, o0 + dvp); a11.intoArray(o, o0 + dvp + L);
        a20.intoArray(o, o0 + 2 * dvp); a21.intoArray(o, o0 + 2 * dvp + L);
        a30.intoArray(o, o0 + 3 * dvp); a31.intoArray(o, o0 + 3 * dvp + L);
    }
}
