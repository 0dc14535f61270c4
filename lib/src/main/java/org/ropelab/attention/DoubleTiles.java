package org.ropelab.attention;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link TiledAttention}'s kernel in double with the incubating Vector API: one block of query rows of one
 * head against the key tiles in turn (FlashAttention-2's schedule). Per tile {@code t} of {@link #keys()}
 * keys: {@code S = Q·K_tᵀ + B} (Q already scaled by {@code 1/√d}), masked to {@code −∞}; per row the running
 * maximum {@code m' = max(m, max S)}, {@code P = exp(S − m')}, {@code ℓ' = ℓ·e^{m−m'} + ΣP},
 * {@code O' = O·e^{m−m'} + P·V_t}; at the end {@code O/ℓ}. Register blocks of 4 rows × 4 vectors.
 * Layouts: q {@code [rows][d]}; a key tile {@code [d][keys]} (transposed); v {@code [key][dv]}; s
 * {@code [rows][keys]}; o {@code [rows][dv]}.
 */
final class DoubleTiles {
    private static final VectorSpecies<Double> F = DoubleVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    private static final int BC = 4 * L;

    private DoubleTiles() {
    }

    /** Returns the keys per tile: four vectors. */
    static int keys() {
        return BC;
    }

    /**
     * Runs the query rows {@code [i0, i0 + rows)} against keys {@code [0, end(i))}, {@code end(i) = min(limit, i + 1)}
     * when causal, else {@code limit}; bias row {@code bias[j − i + zero]} or null. Writes {@code O/ℓ} into o.
     */
    static void block(double[] q, int rows, int d, double[] kt, int ktAt, double[] v, int vAt, int dv, int i0, int limit,
                      boolean causal, double[] bias, int zero, double[] s, double[] o, double[] m, double[] l) {
        java.util.Arrays.fill(o, 0, rows * dv, 0.0);
        java.util.Arrays.fill(m, 0, rows, Double.NEGATIVE_INFINITY);
        java.util.Arrays.fill(l, 0, rows, 0.0);
        int last = Math.min(limit, causal ? i0 + rows : limit);
        int tiles = (last + BC - 1) / BC;
        for (int t = 0; t < tiles; t++) {
            int j0 = t * BC;
            scores(q, rows, d, kt, ktAt + t * d * BC, s);
            for (int r = 0; r < rows; r++) {
                int i = i0 + r;
                int allowed = Math.min(limit, causal ? i + 1 : limit) - j0;
                softmaxRow(s, r * BC, allowed, bias, j0 - i + zero, o, r * dv, dv, m, l, r);
            }
            values(s, rows, v, vAt + j0 * dv, dv, o);
        }
        for (int r = 0; r < rows; r++) {
            double inv = 1 / l[r];
            for (int c = 0; c < dv; c++) {
                o[r * dv + c] *= inv;
            }
        }
    }

    /** {@code s = q·ktᵀ} for one tile: 4 rows × 4 vectors of keys per register block. */
    private static void scores(double[] q, int rows, int d, double[] kt, int at, double[] s) {
        int r = 0;
        for (; r + 4 <= rows; r += 4) {
            DoubleVector a00 = DoubleVector.zero(F), a01 = a00, a02 = a00, a03 = a00;
            DoubleVector a10 = a00, a11 = a00, a12 = a00, a13 = a00;
            DoubleVector a20 = a00, a21 = a00, a22 = a00, a23 = a00;
            DoubleVector a30 = a00, a31 = a00, a32 = a00, a33 = a00;
            int q0 = r * d;
            for (int k = 0; k < d; k++) {
                int kk = at + k * BC;
                DoubleVector k0 = DoubleVector.fromArray(F, kt, kk);
                DoubleVector k1 = DoubleVector.fromArray(F, kt, kk + L);
                DoubleVector k2 = DoubleVector.fromArray(F, kt, kk + 2 * L);
                DoubleVector k3 = DoubleVector.fromArray(F, kt, kk + 3 * L);
                DoubleVector b = DoubleVector.broadcast(F, q[q0 + k]);
                a00 = k0.fma(b, a00); a01 = k1.fma(b, a01); a02 = k2.fma(b, a02); a03 = k3.fma(b, a03);
                b = DoubleVector.broadcast(F, q[q0 + d + k]);
                a10 = k0.fma(b, a10); a11 = k1.fma(b, a11); a12 = k2.fma(b, a12); a13 = k3.fma(b, a13);
                b = DoubleVector.broadcast(F, q[q0 + 2 * d + k]);
                a20 = k0.fma(b, a20); a21 = k1.fma(b, a21); a22 = k2.fma(b, a22); a23 = k3.fma(b, a23);
                b = DoubleVector.broadcast(F, q[q0 + 3 * d + k]);
                a30 = k0.fma(b, a30); a31 = k1.fma(b, a31); a32 = k2.fma(b, a32); a33 = k3.fma(b, a33);
            }
            int o = r * BC;
            a00.intoArray(s, o); a01.intoArray(s, o + L); a02.intoArray(s, o + 2 * L); a03.intoArray(s, o + 3 * L);
            o += BC;
            a10.intoArray(s, o); a11.intoArray(s, o + L); a12.intoArray(s, o + 2 * L); a13.intoArray(s, o + 3 * L);
            o += BC;
            a20.intoArray(s, o); a21.intoArray(s, o + L); a22.intoArray(s, o + 2 * L); a23.intoArray(s, o + 3 * L);
            o += BC;
            a30.intoArray(s, o); a31.intoArray(s, o + L); a32.intoArray(s, o + 2 * L); a33.intoArray(s, o + 3 * L);
        }
        for (; r < rows; r++) {
            DoubleVector a0 = DoubleVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
            for (int k = 0; k < d; k++) {
                int kk = at + k * BC;
                DoubleVector b = DoubleVector.broadcast(F, q[r * d + k]);
                a0 = DoubleVector.fromArray(F, kt, kk).fma(b, a0);
                a1 = DoubleVector.fromArray(F, kt, kk + L).fma(b, a1);
                a2 = DoubleVector.fromArray(F, kt, kk + 2 * L).fma(b, a2);
                a3 = DoubleVector.fromArray(F, kt, kk + 3 * L).fma(b, a3);
            }
            int o = r * BC;
            a0.intoArray(s, o); a1.intoArray(s, o + L); a2.intoArray(s, o + 2 * L); a3.intoArray(s, o + 3 * L);
        }
    }

    /**
     * Adds the bias to the first {@code allowed} scores of a row, blocks the rest, and turns the row into
     * {@code exp(s − m')}, rescaling ℓ and the row of o; a row with no allowed key in this tile becomes 0.
     */
    private static void softmaxRow(double[] s, int at, int allowed, double[] bias, int b0, double[] o, int oAt, int dv,
                                   double[] m, double[] l, int r) {
        if (allowed <= 0) {
            java.util.Arrays.fill(s, at, at + BC, 0.0);
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
        DoubleVector sum = DoubleVector.zero(F);
        for (int c = 0; c < BC; c += L) {
            DoubleVector p = DoubleVector.fromArray(F, s, at + c).sub(shift).lanewise(VectorOperators.EXP);
            p.intoArray(s, at + c);
            sum = sum.add(p);
        }
        double alpha = Math.exp(mOld - mNew);        // 0 for the first tile (m = −∞)
        l[r] = l[r] * alpha + sum.reduceLanes(VectorOperators.ADD);
        m[r] = mNew;
        if (alpha != 1) {
            int c = 0;
            for (; c + L <= dv; c += L) {
                DoubleVector.fromArray(F, o, oAt + c).mul(alpha).intoArray(o, oAt + c);
            }
            for (; c < dv; c++) {
                o[oAt + c] *= alpha;
            }
        }
    }

    /** {@code o += p·v} for one tile: 4 rows × 4 vectors of o per register block, then single vectors, then scalars. */
    private static void values(double[] p, int rows, double[] v, int at, int dv, double[] o) {
        int r = 0;
        for (; r + 4 <= rows; r += 4) {
            int c = 0;
            for (; c + 4 * L <= dv; c += 4 * L) {
                int o0 = r * dv + c;
                int o1 = o0 + dv;
                int o2 = o1 + dv;
                int o3 = o2 + dv;
                DoubleVector a00 = DoubleVector.fromArray(F, o, o0), a01 = DoubleVector.fromArray(F, o, o0 + L);
                DoubleVector a02 = DoubleVector.fromArray(F, o, o0 + 2 * L), a03 = DoubleVector.fromArray(F, o, o0 + 3 * L);
                DoubleVector a10 = DoubleVector.fromArray(F, o, o1), a11 = DoubleVector.fromArray(F, o, o1 + L);
                DoubleVector a12 = DoubleVector.fromArray(F, o, o1 + 2 * L), a13 = DoubleVector.fromArray(F, o, o1 + 3 * L);
                DoubleVector a20 = DoubleVector.fromArray(F, o, o2), a21 = DoubleVector.fromArray(F, o, o2 + L);
                DoubleVector a22 = DoubleVector.fromArray(F, o, o2 + 2 * L), a23 = DoubleVector.fromArray(F, o, o2 + 3 * L);
                DoubleVector a30 = DoubleVector.fromArray(F, o, o3), a31 = DoubleVector.fromArray(F, o, o3 + L);
                DoubleVector a32 = DoubleVector.fromArray(F, o, o3 + 2 * L), a33 = DoubleVector.fromArray(F, o, o3 + 3 * L);
                int p0 = r * BC;
                for (int j = 0; j < BC; j++) {
                    int vv = at + j * dv + c;
                    DoubleVector v0 = DoubleVector.fromArray(F, v, vv);
                    DoubleVector v1 = DoubleVector.fromArray(F, v, vv + L);
                    DoubleVector v2 = DoubleVector.fromArray(F, v, vv + 2 * L);
                    DoubleVector v3 = DoubleVector.fromArray(F, v, vv + 3 * L);
                    DoubleVector b = DoubleVector.broadcast(F, p[p0 + j]);
                    a00 = v0.fma(b, a00); a01 = v1.fma(b, a01); a02 = v2.fma(b, a02); a03 = v3.fma(b, a03);
                    b = DoubleVector.broadcast(F, p[p0 + BC + j]);
                    a10 = v0.fma(b, a10); a11 = v1.fma(b, a11); a12 = v2.fma(b, a12); a13 = v3.fma(b, a13);
                    b = DoubleVector.broadcast(F, p[p0 + 2 * BC + j]);
                    a20 = v0.fma(b, a20); a21 = v1.fma(b, a21); a22 = v2.fma(b, a22); a23 = v3.fma(b, a23);
                    b = DoubleVector.broadcast(F, p[p0 + 3 * BC + j]);
                    a30 = v0.fma(b, a30); a31 = v1.fma(b, a31); a32 = v2.fma(b, a32); a33 = v3.fma(b, a33);
                }
                a00.intoArray(o, o0); a01.intoArray(o, o0 + L); a02.intoArray(o, o0 + 2 * L); a03.intoArray(o, o0 + 3 * L);
                a10.intoArray(o, o1); a11.intoArray(o, o1 + L); a12.intoArray(o, o1 + 2 * L); a13.intoArray(o, o1 + 3 * L);
                a20.intoArray(o, o2); a21.intoArray(o, o2 + L); a22.intoArray(o, o2 + 2 * L); a23.intoArray(o, o2 + 3 * L);
                a30.intoArray(o, o3); a31.intoArray(o, o3 + L); a32.intoArray(o, o3 + 2 * L); a33.intoArray(o, o3 + 3 * L);
            }
            for (int rr = r; rr < r + 4; rr++) {
                valuesTail(p, rr, v, at, dv, o, c);
            }
        }
        for (; r < rows; r++) {
            valuesTail(p, r, v, at, dv, o, 0);
        }
    }

    /** {@code o[r][c…] += p[r]·v[…][c…]} from column {@code from}, a vector at a time, then scalar. */
    private static void valuesTail(double[] p, int r, double[] v, int at, int dv, double[] o, int from) {
        int c = from;
        for (; c + L <= dv; c += L) {
            DoubleVector a = DoubleVector.fromArray(F, o, r * dv + c);
            for (int j = 0; j < BC; j++) {
                a = DoubleVector.fromArray(F, v, at + j * dv + c).fma(DoubleVector.broadcast(F, p[r * BC + j]), a);
            }
            a.intoArray(o, r * dv + c);
        }
        for (; c < dv; c++) {
            double a = o[r * dv + c];
            for (int j = 0; j < BC; j++) {
                a += p[r * BC + j] * v[at + j * dv + c];
            }
            o[r * dv + c] = a;
        }
    }
}
