package org.ropelab.attention;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link TiledAttention}'s kernel in float with the incubating Vector API: one block of query rows of one
 * head against the key tiles in turn (FlashAttention-2's schedule). Per tile {@code t} of {@link #keys()}
 * keys: {@code S = Q·K_tᵀ + B} (Q already scaled by {@code 1/√d}), masked to {@code −∞}; per row the running
 * maximum {@code m' = max(m, max S)}, {@code P = exp(S − m')}, {@code ℓ' = ℓ·e^{m−m'} + ΣP},
 * {@code O' = O·e^{m−m'} + P·V_t}; at the end {@code O/ℓ}. Both products run in register blocks of
 * {@link #R} rows × 2 vectors: 8 accumulators, two loaded vectors and a broadcast stay in AVX2's 16
 * registers (C2 spilled larger blocks to the stack). Keys a block's rows may not see (causal) are neither
 * multiplied nor summed.
 *
 * <p>Layouts, chosen so that every inner loop steps through its arrays by a constant (C2 then drops the
 * range checks): q in groups of {@code R} rows interleaved, {@code [rows/R][d][R]}; a key tile transposed,
 * {@code [d][keys]}; a value tile in column strips of {@link #strip()} floats, {@code [dvp/strip][keys][strip]};
 * s {@code [rows][keys]}; o {@code [rows][dvp]}, {@code dvp} = dv rounded up to whole strips (zero padding).
 */
final class FloatTiles {
    /** Rows per register block. */
    static final int R = TiledAttention.GROUP;
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    private static final int BC = 4 * L;
    private static final int STRIP = 2 * L;
    private static final FloatVector LOG2E = FloatVector.broadcast(F, 1.442695040888963f);
    private static final FloatVector ROUND = FloatVector.broadcast(F, 12582912f);          // 1.5·2²³
    private static final int ROUND_BITS = Float.floatToIntBits(12582912f);
    private static final FloatVector MINUS_LN2_HIGH = FloatVector.broadcast(F, -0.693145752f);   // ln 2 in two parts
    private static final FloatVector MINUS_LN2_LOW = FloatVector.broadcast(F, -1.42860677e-6f);
    private static final FloatVector C7 = FloatVector.broadcast(F, 1f / 5040);                // 1/i!, Taylor's coefficients
    private static final FloatVector C6 = FloatVector.broadcast(F, 1f / 720);
    private static final FloatVector C5 = FloatVector.broadcast(F, 1f / 120);
    private static final FloatVector C4 = FloatVector.broadcast(F, 1f / 24);
    private static final FloatVector C3 = FloatVector.broadcast(F, 1f / 6);
    private static final FloatVector C2 = FloatVector.broadcast(F, 1f / 2);
    private static final FloatVector ONE = FloatVector.broadcast(F, 1f);

    private FloatTiles() {
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
    static void block(float[] q, int rows, int d, float[] kt, float[] v, int dvp, int i0, int limit,
                      boolean causal, float[] bias, int zero, float[] s, float[] o, float[] m, float[] l) {
        int groups = (rows + R - 1) / R;
        Arrays.fill(o, 0, groups * R * dvp, 0f);
        Arrays.fill(m, 0, rows, Float.NEGATIVE_INFINITY);
        Arrays.fill(l, 0, rows, 0f);
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
            float inv = 1f / l[r];
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
    private static void scores(float[] q, int q0, int d, float[] kt, int k0, float[] s, int s0) {
        FloatVector a00 = FloatVector.zero(F), a01 = a00, a10 = a00, a11 = a00, a20 = a00, a21 = a00, a30 = a00, a31 = a00;
        int k = 0;
        for (; k + 2 <= d; k += 2) {                      // two steps per turn: half the loop's integer work
            int kk = k0 + k * BC;
            int qk = q0 + k * R;
            FloatVector x0 = FloatVector.fromArray(F, kt, kk);
            FloatVector x1 = FloatVector.fromArray(F, kt, kk + L);
            FloatVector b = FloatVector.broadcast(F, q[qk]);
            a00 = x0.fma(b, a00); a01 = x1.fma(b, a01);
            b = FloatVector.broadcast(F, q[qk + 1]);
            a10 = x0.fma(b, a10); a11 = x1.fma(b, a11);
            b = FloatVector.broadcast(F, q[qk + 2]);
            a20 = x0.fma(b, a20); a21 = x1.fma(b, a21);
            b = FloatVector.broadcast(F, q[qk + 3]);
            a30 = x0.fma(b, a30); a31 = x1.fma(b, a31);
            x0 = FloatVector.fromArray(F, kt, kk + BC);
            x1 = FloatVector.fromArray(F, kt, kk + BC + L);
            b = FloatVector.broadcast(F, q[qk + R]);
            a00 = x0.fma(b, a00); a01 = x1.fma(b, a01);
            b = FloatVector.broadcast(F, q[qk + R + 1]);
            a10 = x0.fma(b, a10); a11 = x1.fma(b, a11);
            b = FloatVector.broadcast(F, q[qk + R + 2]);
            a20 = x0.fma(b, a20); a21 = x1.fma(b, a21);
            b = FloatVector.broadcast(F, q[qk + R + 3]);
            a30 = x0.fma(b, a30); a31 = x1.fma(b, a31);
        }
        if (k < d) {
            int kk = k0 + k * BC;
            int qk = q0 + k * R;
            FloatVector x0 = FloatVector.fromArray(F, kt, kk);
            FloatVector x1 = FloatVector.fromArray(F, kt, kk + L);
            FloatVector b = FloatVector.broadcast(F, q[qk]);
            a00 = x0.fma(b, a00); a01 = x1.fma(b, a01);
            b = FloatVector.broadcast(F, q[qk + 1]);
            a10 = x0.fma(b, a10); a11 = x1.fma(b, a11);
            b = FloatVector.broadcast(F, q[qk + 2]);
            a20 = x0.fma(b, a20); a21 = x1.fma(b, a21);
            b = FloatVector.broadcast(F, q[qk + 3]);
            a30 = x0.fma(b, a30); a31 = x1.fma(b, a31);
        }
        a00.intoArray(s, s0); a01.intoArray(s, s0 + L);
        a10.intoArray(s, s0 + BC); a11.intoArray(s, s0 + BC + L);
        a20.intoArray(s, s0 + 2 * BC); a21.intoArray(s, s0 + 2 * BC + L);
        a30.intoArray(s, s0 + 3 * BC); a31.intoArray(s, s0 + 3 * BC + L);
    }

    /**
     * {@code e^x} for {@code x ≤ 0}, in float lanes without the library call: {@code x = n·ln 2 + r} with
     * {@code n = round(x/ln 2)} and {@code |r| ≤ ln 2 / 2}, {@code e^r} by its Taylor polynomial of degree 7
     * (remainder below {@code 0.35⁸/8! ≈ 6·10⁻⁹}), {@code 2^n} written into the exponent bits. Arguments below
     * −87 are taken as −87 (the smallest normal float is {@code e^−87.3}); relative error within {@code 2⁻²³}.
     */
    static FloatVector exp(FloatVector x) {
        FloatVector y = x.max(-87f);
        FloatVector t = y.fma(LOG2E, ROUND);                      // n + 1.5·2²³: n sits in the low bits
        FloatVector n = t.sub(ROUND);
        FloatVector r = n.fma(MINUS_LN2_HIGH, y).add(n.mul(MINUS_LN2_LOW));
        FloatVector p = r.fma(C7, C6).fma(r, C5).fma(r, C4).fma(r, C3).fma(r, C2).fma(r, ONE).fma(r, ONE);
        IntVector twoToN = t.reinterpretAsInts().sub(ROUND_BITS - 127).lanewise(VectorOperators.LSHL, 23);
        return p.mul(twoToN.reinterpretAsFloats());
    }

    /**
     * Adds the bias to the first {@code allowed} scores of a row, blocks the rest, and turns the row into
     * {@code exp(s − m')}, rescaling ℓ and the row of o; a row with no allowed key in this tile becomes 0.
     */
    private static void softmaxRow(float[] s, int at, int allowed, float[] bias, int b0, float[] o, int oAt, int dvp,
                                   float[] m, float[] l, int r) {
        if (allowed <= 0) {
            Arrays.fill(s, at, at + BC, 0f);
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
        for (int c = 0; c < BC; c += L) {
            exp(FloatVector.fromArray(F, s, at + c).sub(shift)).intoArray(s, at + c);
        }
        for (int c = allowed; c < BC; c++) {               // exp floors at e^−87: blocked keys are set to exactly 0
            s[at + c] = 0f;
        }
        FloatVector sum = FloatVector.fromArray(F, s, at);
        for (int c = L; c < BC; c += L) {
            sum = sum.add(FloatVector.fromArray(F, s, at + c));
        }
        float alpha = (float) Math.exp(mOld - mNew);        // 0 for the first tile (m = −∞)
        l[r] = l[r] * alpha + sum.reduceLanes(VectorOperators.ADD);
        m[r] = mNew;
        if (alpha != 1f) {
            for (int c = 0; c < dvp; c += L) {
                FloatVector.fromArray(F, o, oAt + c).mul(alpha).intoArray(o, oAt + c);
            }
        }
    }

    /** {@code o[r … r+R)[c … c + 2L) += p·v} over keys {@code [0, seen)}: p rows from {@code p0}, a value strip from {@code v0}. */
    private static void values(float[] p, int p0, float[] v, int v0, float[] o, int o0, int dvp, int seen) {
        FloatVector a00 = FloatVector.fromArray(F, o, o0), a01 = FloatVector.fromArray(F, o, o0 + L);
        FloatVector a10 = FloatVector.fromArray(F, o, o0 + dvp), a11 = FloatVector.fromArray(F, o, o0 + dvp + L);
        FloatVector a20 = FloatVector.fromArray(F, o, o0 + 2 * dvp), a21 = FloatVector.fromArray(F, o, o0 + 2 * dvp + L);
        FloatVector a30 = FloatVector.fromArray(F, o, o0 + 3 * dvp), a31 = FloatVector.fromArray(F, o, o0 + 3 * dvp + L);
        int j = 0;
        for (; j + 2 <= seen; j += 2) {                   // two keys per turn: half the loop's integer work
            int vv = v0 + j * STRIP;
            int pj = p0 + j;
            FloatVector x0 = FloatVector.fromArray(F, v, vv);
            FloatVector x1 = FloatVector.fromArray(F, v, vv + L);
            FloatVector b = FloatVector.broadcast(F, p[pj]);
            a00 = x0.fma(b, a00); a01 = x1.fma(b, a01);
            b = FloatVector.broadcast(F, p[pj + BC]);
            a10 = x0.fma(b, a10); a11 = x1.fma(b, a11);
            b = FloatVector.broadcast(F, p[pj + 2 * BC]);
            a20 = x0.fma(b, a20); a21 = x1.fma(b, a21);
            b = FloatVector.broadcast(F, p[pj + 3 * BC]);
            a30 = x0.fma(b, a30); a31 = x1.fma(b, a31);
            x0 = FloatVector.fromArray(F, v, vv + STRIP);
            x1 = FloatVector.fromArray(F, v, vv + STRIP + L);
            b = FloatVector.broadcast(F, p[pj + 1]);
            a00 = x0.fma(b, a00); a01 = x1.fma(b, a01);
            b = FloatVector.broadcast(F, p[pj + 1 + BC]);
            a10 = x0.fma(b, a10); a11 = x1.fma(b, a11);
            b = FloatVector.broadcast(F, p[pj + 1 + 2 * BC]);
            a20 = x0.fma(b, a20); a21 = x1.fma(b, a21);
            b = FloatVector.broadcast(F, p[pj + 1 + 3 * BC]);
            a30 = x0.fma(b, a30); a31 = x1.fma(b, a31);
        }
        if (j < seen) {
            int vv = v0 + j * STRIP;
            int pj = p0 + j;
            FloatVector x0 = FloatVector.fromArray(F, v, vv);
            FloatVector x1 = FloatVector.fromArray(F, v, vv + L);
            FloatVector b = FloatVector.broadcast(F, p[pj]);
            a00 = x0.fma(b, a00); a01 = x1.fma(b, a01);
            b = FloatVector.broadcast(F, p[pj + BC]);
            a10 = x0.fma(b, a10); a11 = x1.fma(b, a11);
            b = FloatVector.broadcast(F, p[pj + 2 * BC]);
            a20 = x0.fma(b, a20); a21 = x1.fma(b, a21);
            b = FloatVector.broadcast(F, p[pj + 3 * BC]);
            a30 = x0.fma(b, a30); a31 = x1.fma(b, a31);
        }
        a00.intoArray(o, o0); a01.intoArray(o, o0 + L);
        a10.intoArray(o, o0 + dvp); a11.intoArray(o, o0 + dvp + L);
        a20.intoArray(o, o0 + 2 * dvp); a21.intoArray(o, o0 + 2 * dvp + L);
        a30.intoArray(o, o0 + 3 * dvp); a31.intoArray(o, o0 + 3 * dvp + L);
    }
}
