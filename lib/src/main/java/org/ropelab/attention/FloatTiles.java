package org.ropelab.attention;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link TiledAttention}'s kernel in float with the incubating Vector API: one block of query rows of one
 * head against the key tiles in turn (FlashAttention-2's schedule). Per tile {@code t} of {@link #keys()}
 * keys: {@code S = Q·K_tᵀ + B} (Q already scaled by {@code 1/√d}), masked to {@code −∞}; per row the running
 * maximum {@code m' = max(m, max S)}, {@code P = exp(S − m')}, {@code ℓ' = ℓ·e^{m−m'} + ΣP},
 * {@code O' = O·e^{m−m'} + P·V_t}; at the end {@code O/ℓ}. Register blocks of 4 rows × 4 vectors.
 * Layouts: q {@code [rows][d]}; a key tile {@code [d][keys]} (transposed); v {@code [key][dv]}; s
 * {@code [rows][keys]}; o {@code [rows][dv]}.
 */
final class FloatTiles {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    private static final int BC = 4 * L;

    private FloatTiles() {
    }

    /** Returns the keys per tile: four vectors. */
    static int keys() {
        return BC;
    }

    /**
     * Runs the query rows {@code [i0, i0 + rows)} against keys {@code [0, end(i))}, {@code end(i) = min(limit, i + 1)}
     * when causal, else {@code limit}; bias row {@code bias[j − i + zero]} or null. Writes {@code O/ℓ} into o.
     */
    static void block(float[] q, int rows, int d, float[] kt, int ktAt, float[] v, int vAt, int dv, int i0, int limit,
                      boolean causal, float[] bias, int zero, float[] s, float[] o, float[] m, float[] l) {
        java.util.Arrays.fill(o, 0, rows * dv, 0f);
        java.util.Arrays.fill(m, 0, rows, Float.NEGATIVE_INFINITY);
        java.util.Arrays.fill(l, 0, rows, 0f);
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
            float inv = 1f / l[r];
            for (int c = 0; c < dv; c++) {
                o[r * dv + c] *= inv;
            }
        }
    }

    /** {@code s = q·ktᵀ} for one tile: 4 rows × 4 vectors of keys per register block. */
    private static void scores(float[] q, int rows, int d, float[] kt, int at, float[] s) {
        int r = 0;
        for (; r + 4 <= rows; r += 4) {
            FloatVector a00 = FloatVector.zero(F), a01 = a00, a02 = a00, a03 = a00;
            FloatVector a10 = a00, a11 = a00, a12 = a00, a13 = a00;
            FloatVector a20 = a00, a21 = a00, a22 = a00, a23 = a00;
            FloatVector a30 = a00, a31 = a00, a32 = a00, a33 = a00;
            int q0 = r * d;
            for (int k = 0; k < d; k++) {
                int kk = at + k * BC;
                FloatVector k0 = FloatVector.fromArray(F, kt, kk);
                FloatVector k1 = FloatVector.fromArray(F, kt, kk + L);
                FloatVector k2 = FloatVector.fromArray(F, kt, kk + 2 * L);
                FloatVector k3 = FloatVector.fromArray(F, kt, kk + 3 * L);
                FloatVector b = FloatVector.broadcast(F, q[q0 + k]);
                a00 = k0.fma(b, a00); a01 = k1.fma(b, a01); a02 = k2.fma(b, a02); a03 = k3.fma(b, a03);
                b = FloatVector.broadcast(F, q[q0 + d + k]);
                a10 = k0.fma(b, a10); a11 = k1.fma(b, a11); a12 = k2.fma(b, a12); a13 = k3.fma(b, a13);
                b = FloatVector.broadcast(F, q[q0 + 2 * d + k]);
                a20 = k0.fma(b, a20); a21 = k1.fma(b, a21); a22 = k2.fma(b, a22); a23 = k3.fma(b, a23);
                b = FloatVector.broadcast(F, q[q0 + 3 * d + k]);
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
            FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
            for (int k = 0; k < d; k++) {
                int kk = at + k * BC;
                FloatVector b = FloatVector.broadcast(F, q[r * d + k]);
                a0 = FloatVector.fromArray(F, kt, kk).fma(b, a0);
                a1 = FloatVector.fromArray(F, kt, kk + L).fma(b, a1);
                a2 = FloatVector.fromArray(F, kt, kk + 2 * L).fma(b, a2);
                a3 = FloatVector.fromArray(F, kt, kk + 3 * L).fma(b, a3);
            }
            int o = r * BC;
            a0.intoArray(s, o); a1.intoArray(s, o + L); a2.intoArray(s, o + 2 * L); a3.intoArray(s, o + 3 * L);
        }
    }

    /**
     * Adds the bias to the first {@code allowed} scores of a row, blocks the rest, and turns the row into
     * {@code exp(s − m')}, rescaling ℓ and the row of o; a row with no allowed key in this tile becomes 0.
     */
    private static void softmaxRow(float[] s, int at, int allowed, float[] bias, int b0, float[] o, int oAt, int dv,
                                   float[] m, float[] l, int r) {
        if (allowed <= 0) {
            java.util.Arrays.fill(s, at, at + BC, 0f);
            return;
        }
        if (bias != null) {
            for (int c = 0; c < BC; c += L) {
                FloatVector.fromArray(F, s, at + c).add(FloatVector.fromArray(F, bias, b0 + c)).intoArray(s, at + c);
            }
        }
        for (int c = allowed; c < BC; c++) {
            s[at + c] = Float.NEGATIVE_INFINITY;
        }
        FloatVector max = FloatVector.fromArray(F, s, at);
        for (int c = L; c < BC; c += L) {
            max = max.max(FloatVector.fromArray(F, s, at + c));
        }
        float mOld = m[r];
        float mNew = Math.max(mOld, max.reduceLanes(VectorOperators.MAX));
        FloatVector shift = FloatVector.broadcast(F, mNew);
        FloatVector sum = FloatVector.zero(F);
        for (int c = 0; c < BC; c += L) {
            FloatVector p = FloatVector.fromArray(F, s, at + c).sub(shift).lanewise(VectorOperators.EXP);
            p.intoArray(s, at + c);
            sum = sum.add(p);
        }
        float alpha = (float) Math.exp(mOld - mNew);        // 0 for the first tile (m = −∞)
        l[r] = l[r] * alpha + sum.reduceLanes(VectorOperators.ADD);
        m[r] = mNew;
        if (alpha != 1f) {
            int c = 0;
            for (; c + L <= dv; c += L) {
                FloatVector.fromArray(F, o, oAt + c).mul(alpha).intoArray(o, oAt + c);
            }
            for (; c < dv; c++) {
                o[oAt + c] *= alpha;
            }
        }
    }

    /** {@code o += p·v} for one tile: 4 rows × 4 vectors of o per register block, then single vectors, then scalars. */
    private static void values(float[] p, int rows, float[] v, int at, int dv, float[] o) {
        int r = 0;
        for (; r + 4 <= rows; r += 4) {
            int c = 0;
            for (; c + 4 * L <= dv; c += 4 * L) {
                int o0 = r * dv + c;
                int o1 = o0 + dv;
                int o2 = o1 + dv;
                int o3 = o2 + dv;
                FloatVector a00 = FloatVector.fromArray(F, o, o0), a01 = FloatVector.fromArray(F, o, o0 + L);
                FloatVector a02 = FloatVector.fromArray(F, o, o0 + 2 * L), a03 = FloatVector.fromArray(F, o, o0 + 3 * L);
                FloatVector a10 = FloatVector.fromArray(F, o, o1), a11 = FloatVector.fromArray(F, o, o1 + L);
                FloatVector a12 = FloatVector.fromArray(F, o, o1 + 2 * L), a13 = FloatVector.fromArray(F, o, o1 + 3 * L);
                FloatVector a20 = FloatVector.fromArray(F, o, o2), a21 = FloatVector.fromArray(F, o, o2 + L);
                FloatVector a22 = FloatVector.fromArray(F, o, o2 + 2 * L), a23 = FloatVector.fromArray(F, o, o2 + 3 * L);
                FloatVector a30 = FloatVector.fromArray(F, o, o3), a31 = FloatVector.fromArray(F, o, o3 + L);
                FloatVector a32 = FloatVector.fromArray(F, o, o3 + 2 * L), a33 = FloatVector.fromArray(F, o, o3 + 3 * L);
                int p0 = r * BC;
                for (int j = 0; j < BC; j++) {
                    int vv = at + j * dv + c;
                    FloatVector v0 = FloatVector.fromArray(F, v, vv);
                    FloatVector v1 = FloatVector.fromArray(F, v, vv + L);
                    FloatVector v2 = FloatVector.fromArray(F, v, vv + 2 * L);
                    FloatVector v3 = FloatVector.fromArray(F, v, vv + 3 * L);
                    FloatVector b = FloatVector.broadcast(F, p[p0 + j]);
                    a00 = v0.fma(b, a00); a01 = v1.fma(b, a01); a02 = v2.fma(b, a02); a03 = v3.fma(b, a03);
                    b = FloatVector.broadcast(F, p[p0 + BC + j]);
                    a10 = v0.fma(b, a10); a11 = v1.fma(b, a11); a12 = v2.fma(b, a12); a13 = v3.fma(b, a13);
                    b = FloatVector.broadcast(F, p[p0 + 2 * BC + j]);
                    a20 = v0.fma(b, a20); a21 = v1.fma(b, a21); a22 = v2.fma(b, a22); a23 = v3.fma(b, a23);
                    b = FloatVector.broadcast(F, p[p0 + 3 * BC + j]);
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
    private static void valuesTail(float[] p, int r, float[] v, int at, int dv, float[] o, int from) {
        int c = from;
        for (; c + L <= dv; c += L) {
            FloatVector a = FloatVector.fromArray(F, o, r * dv + c);
            for (int j = 0; j < BC; j++) {
                a = FloatVector.fromArray(F, v, at + j * dv + c).fma(FloatVector.broadcast(F, p[r * BC + j]), a);
            }
            a.intoArray(o, r * dv + c);
        }
        for (; c < dv; c++) {
            float a = o[r * dv + c];
            for (int j = 0; j < BC; j++) {
                a += p[r * BC + j] * v[at + j * dv + c];
            }
            o[r * dv + c] = a;
        }
    }
}
