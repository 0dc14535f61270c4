package org.ropelab.train;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.ropelab.absolute.Sinusoidal;
import org.ropelab.relative.Alibi;
import org.ropelab.rope.RotaryEmbedding;

/**
 * {@link TinyDecoder}'s forward pass and its reverse-mode gradient written out by hand on {@code double}
 * arrays, one sequence at a time: the same function as the SameDiff graph (tested against it), about
 * two orders of magnitude faster at this size because it has no per-op overhead. Weights are row-major
 * copies by name; {@link #tables} holds what depends only on the length (position vectors, cos/sin,
 * score biases).
 */
final class DecoderMath {
    private final TinyDecoder.Config c;
    private final Encoding encoding;
    private final RotaryEmbedding rope;
    private final Map<String, double[]> w;
    private final int[] partner;
    private final double[] sign;

    /** What depends only on the sequence length {@code n}: position vectors, cos/sin tables, score biases. */
    record Tables(int n, double[] pe, double[] cos, double[] sin, double[] bias, int[] relative) {
    }

    DecoderMath(TinyDecoder.Config config, Encoding encoding, RotaryEmbedding rope, Map<String, double[]> weights) {
        this.c = config;
        this.encoding = encoding;
        this.rope = rope;
        this.w = weights;
        int dh = config.headDim();
        partner = new int[dh];
        sign = new double[dh];
        for (int j = 0; j < dh; j++) {
            partner[j] = j;
        }
        if (rope != null) {
            for (int i = 0; i < rope.rotaryDim() / 2; i++) {         // rot(x)_a = −x_b, rot(x)_b = x_a
                int[] ab = rope.pairing().members(i, rope.rotaryDim());
                partner[ab[0]] = ab[1];
                sign[ab[0]] = -1;
                partner[ab[1]] = ab[0];
                sign[ab[1]] = 1;
            }
        }
    }

    /** Returns the tables for positions {@code 0 .. n−1}; a learned table rejects {@code n} beyond its length. */
    Tables tables(int n) {
        int d = c.dModel();
        int[] pos = new int[n];
        double[] positions = new double[n];
        for (int t = 0; t < n; t++) {
            pos[t] = t;
            positions[t] = t;
        }
        double[] pe = null;
        double[] cos = null;
        double[] sin = null;
        double[] bias = null;
        int[] relative = null;
        if (encoding == Encoding.LEARNED) {
            GraphEncodings.learnedIndex(pos, c.length());                  // throws for t ≥ length
        } else if (encoding == Encoding.SINUSOIDAL) {
            double[] omega = Sinusoidal.of(d).frequencies();
            pe = new double[n * d];
            for (int t = 0; t < n; t++) {
                for (int i = 0; i < d / 2; i++) {
                    pe[t * d + 2 * i] = Math.sin(t * omega[i]);
                    pe[t * d + 2 * i + 1] = Math.cos(t * omega[i]);
                }
            }
        } else if (encoding == Encoding.ROPE) {
            cos = rope.cos(positions, DataType.DOUBLE).data().asDouble();
            sin = rope.sin(positions, DataType.DOUBLE).data().asDouble();
        } else if (encoding == Encoding.ALIBI) {
            double[] m = Alibi.slopes(c.heads());
            bias = new double[c.heads() * n * n];
            for (int h = 0; h < c.heads(); h++) {
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        bias[(h * n + i) * n + j] = -m[h] * Math.abs(i - j);
                    }
                }
            }
        } else if (encoding == Encoding.RELATIVE) {
            int mx = c.maxDistance();
            relative = new int[n * n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    relative[i * n + j] = Math.max(-mx, Math.min(mx, j - i)) + mx;
                }
            }
        }
        return new Tables(n, pe, cos, sin, bias, relative);
    }

    /** Returns zeroed gradient arrays shaped like the weights. */
    Map<String, double[]> zeroGradients() {
        Map<String, double[]> g = new LinkedHashMap<>();
        w.forEach((k, v) -> g.put(k, new double[v.length]));
        return g;
    }

    /**
     * Runs one sequence {@code x [n+1]}: writes {@code −ln p(x_{t+1} | x_0..x_t)} into {@code loss[t]} and,
     * when {@code grad} is given, adds {@code scale·∂(Σ_t loss_t)/∂w} to it. Returns the number of
     * positions whose most likely token was the next one, and that count per position in {@code hits}.
     */
    void run(int[] x, Tables tb, double[] loss, double[] hits, Map<String, double[]> grad, double scale) {
        int n = tb.n();
        int d = c.dModel();
        int heads = c.heads();
        int dh = c.headDim();
        int hid = c.mlp();
        int vocab = c.vocab();
        double[] e = w.get("E");
        double[] p = w.get("P");
        double[] in = new double[n * d];
        for (int t = 0; t < n; t++) {
            for (int j = 0; j < d; j++) {
                double v = e[x[t] * d + j];
                if (tb.pe() != null) {
                    v += tb.pe()[t * d + j];
                }
                if (p != null) {
                    v += p[t * d + j];
                }
                in[t * d + j] = v;
            }
        }
        double[] q = matmul(in, w.get("Wq"), n, d, d);
        double[] k = matmul(in, w.get("Wk"), n, d, d);
        double[] val = matmul(in, w.get("Wv"), n, d, d);
        if (tb.cos() != null) {
            q = rotate(q, tb, n, false);
            k = rotate(k, tb, n, false);
        }
        double inv = 1 / Math.sqrt(dh);
        double[] a = new double[heads * n * n];
        double[] merged = new double[n * d];
        double[] table = w.get("T");
        for (int h = 0; h < heads; h++) {
            int off = h * dh;
            for (int i = 0; i < n; i++) {
                int row = (h * n + i) * n;
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j <= i; j++) {
                    double s = 0;
                    for (int u = 0; u < dh; u++) {
                        s += q[i * d + off + u] * k[j * d + off + u];
                    }
                    s *= inv;
                    if (tb.bias() != null) {
                        s += tb.bias()[row + j];
                    }
                    if (table != null) {
                        s += table[h * (2 * c.maxDistance() + 1) + tb.relative()[i * n + j]];
                    }
                    a[row + j] = s;
                    max = Math.max(max, s);
                }
                double sum = 0;
                for (int j = 0; j <= i; j++) {
                    a[row + j] = Math.exp(a[row + j] - max);
                    sum += a[row + j];
                }
                for (int j = 0; j <= i; j++) {
                    a[row + j] /= sum;
                    for (int u = 0; u < dh; u++) {
                        merged[i * d + off + u] += a[row + j] * val[j * d + off + u];
                    }
                }
            }
        }
        double[] hs = matmul(merged, w.get("Wo"), n, d, d);
        for (int i = 0; i < n * d; i++) {
            hs[i] += in[i];
        }
        double[] act = matmul(hs, w.get("W1"), n, d, hid);
        double[] b1 = w.get("b1");
        for (int t = 0; t < n; t++) {
            for (int j = 0; j < hid; j++) {
                act[t * hid + j] = Math.max(0, act[t * hid + j] + b1[j]);
            }
        }
        double[] y = matmul(act, w.get("W2"), n, hid, d);
        double[] b2 = w.get("b2");
        for (int t = 0; t < n; t++) {
            for (int j = 0; j < d; j++) {
                y[t * d + j] += hs[t * d + j] + b2[j];
            }
        }
        double[] prob = matmul(y, w.get("Wout"), n, d, vocab);
        double[] bout = w.get("bout");
        for (int t = 0; t < n; t++) {
            double max = Double.NEGATIVE_INFINITY;
            int best = 0;
            for (int v = 0; v < vocab; v++) {
                prob[t * vocab + v] += bout[v];
                if (prob[t * vocab + v] > max) {
                    max = prob[t * vocab + v];
                    best = v;
                }
            }
            double sum = 0;
            for (int v = 0; v < vocab; v++) {
                prob[t * vocab + v] = Math.exp(prob[t * vocab + v] - max);
                sum += prob[t * vocab + v];
            }
            for (int v = 0; v < vocab; v++) {
                prob[t * vocab + v] /= sum;
            }
            loss[t] += -Math.log(prob[t * vocab + x[t + 1]]);
            if (hits != null && best == x[t + 1]) {
                hits[t] += 1;
            }
        }
        if (grad == null) {
            return;
        }
        // reverse mode: dlogits = scale·(softmax − onehot), then back through every step above
        double[] dlogits = prob;
        for (int t = 0; t < n; t++) {
            dlogits[t * vocab + x[t + 1]] -= 1;
            for (int v = 0; v < vocab; v++) {
                dlogits[t * vocab + v] *= scale;
            }
        }
        addOuter(grad.get("Wout"), y, dlogits, n, d, vocab);
        addRowSums(grad.get("bout"), dlogits, n, vocab);
        double[] dy = matmulT(dlogits, w.get("Wout"), n, vocab, d);
        addOuter(grad.get("W2"), act, dy, n, hid, d);
        addRowSums(grad.get("b2"), dy, n, d);
        double[] dact = matmulT(dy, w.get("W2"), n, d, hid);
        for (int i = 0; i < n * hid; i++) {
            if (act[i] <= 0) {
                dact[i] = 0;
            }
        }
        addOuter(grad.get("W1"), hs, dact, n, d, hid);
        addRowSums(grad.get("b1"), dact, n, hid);
        double[] dh2 = matmulT(dact, w.get("W1"), n, hid, d);
        for (int i = 0; i < n * d; i++) {
            dh2[i] += dy[i];                                               // dh = dy + dact·W1ᵀ
        }
        addOuter(grad.get("Wo"), merged, dh2, n, d, d);
        double[] dmerged = matmulT(dh2, w.get("Wo"), n, d, d);
        double[] dq = new double[n * d];
        double[] dk = new double[n * d];
        double[] dv = new double[n * d];
        double[] dtable = grad.get("T");
        double[] da = new double[n];
        for (int h = 0; h < heads; h++) {
            int off = h * dh;
            for (int i = 0; i < n; i++) {
                int row = (h * n + i) * n;
                double dot = 0;
                for (int j = 0; j <= i; j++) {
                    double s = 0;
                    for (int u = 0; u < dh; u++) {
                        s += dmerged[i * d + off + u] * val[j * d + off + u];
                        dv[j * d + off + u] += a[row + j] * dmerged[i * d + off + u];
                    }
                    da[j] = s;
                    dot += a[row + j] * s;
                }
                for (int j = 0; j <= i; j++) {
                    double ds = a[row + j] * (da[j] - dot);
                    if (dtable != null) {
                        dtable[h * (2 * c.maxDistance() + 1) + tb.relative()[i * n + j]] += ds;
                    }
                    ds *= inv;
                    for (int u = 0; u < dh; u++) {
                        dq[i * d + off + u] += ds * k[j * d + off + u];
                        dk[j * d + off + u] += ds * q[i * d + off + u];
                    }
                }
            }
        }
        if (tb.cos() != null) {
            dq = rotate(dq, tb, n, true);
            dk = rotate(dk, tb, n, true);
        }
        addOuter(grad.get("Wq"), in, dq, n, d, d);
        addOuter(grad.get("Wk"), in, dk, n, d, d);
        addOuter(grad.get("Wv"), in, dv, n, d, d);
        double[] dx = dh2;
        addMatmulT(dx, dq, w.get("Wq"), n, d, d);
        addMatmulT(dx, dk, w.get("Wk"), n, d, d);
        addMatmulT(dx, dv, w.get("Wv"), n, d, d);
        double[] de = grad.get("E");
        double[] dp = grad.get("P");
        for (int t = 0; t < n; t++) {
            for (int j = 0; j < d; j++) {
                de[x[t] * d + j] += dx[t * d + j];
                if (dp != null) {
                    dp[t * d + j] += dx[t * d + j];
                }
            }
        }
    }

    /**
     * Returns {@code z⊙C + rot(z)⊙S} per head ({@code back = false}), or its transpose applied to a
     * gradient ({@code back = true}): {@code g⊙C + rotᵀ(g⊙S)}.
     */
    private double[] rotate(double[] z, Tables tb, int n, boolean back) {
        int d = c.dModel();
        int dh = c.headDim();
        double[] out = new double[z.length];
        for (int t = 0; t < n; t++) {
            for (int h = 0; h < c.heads(); h++) {
                int base = t * d + h * dh;
                for (int j = 0; j < dh; j++) {
                    int pj = partner[j];
                    double turned = back
                            ? sign[pj] * z[base + pj] * tb.sin()[t * dh + pj]
                            : sign[j] * z[base + pj] * tb.sin()[t * dh + j];
                    out[base + j] = z[base + j] * tb.cos()[t * dh + j] + turned;
                }
            }
        }
        return out;
    }

    /** Returns {@code A·B}, {@code A [n, m]}, {@code B [m, p]}. */
    private static double[] matmul(double[] a, double[] b, int n, int m, int p) {
        double[] out = new double[n * p];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < m; k++) {
                double aik = a[i * m + k];
                if (aik == 0) {
                    continue;
                }
                for (int j = 0; j < p; j++) {
                    out[i * p + j] += aik * b[k * p + j];
                }
            }
        }
        return out;
    }

    /** Returns {@code G·Bᵀ}, {@code G [n, p]}, {@code B [m, p]}. */
    private static double[] matmulT(double[] g, double[] b, int n, int p, int m) {
        double[] out = new double[n * m];
        addMatmulT(out, g, b, n, p, m);
        return out;
    }

    /** Adds {@code G·Bᵀ} to {@code out [n, m]}, {@code G [n, p]}, {@code B [m, p]}. */
    private static void addMatmulT(double[] out, double[] g, double[] b, int n, int p, int m) {
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < m; k++) {
                double s = 0;
                for (int j = 0; j < p; j++) {
                    s += g[i * p + j] * b[k * p + j];
                }
                out[i * m + k] += s;
            }
        }
    }

    /** Adds {@code Aᵀ·G} to {@code out [m, p]}, {@code A [n, m]}, {@code G [n, p]}. */
    private static void addOuter(double[] out, double[] a, double[] g, int n, int m, int p) {
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < m; k++) {
                double aik = a[i * m + k];
                if (aik == 0) {
                    continue;
                }
                for (int j = 0; j < p; j++) {
                    out[k * p + j] += aik * g[i * p + j];
                }
            }
        }
    }

    /** Adds the column sums of {@code G [n, p]} to {@code out [p]}. */
    private static void addRowSums(double[] out, double[] g, int n, int p) {
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                out[j] += g[i * p + j];
            }
        }
    }
}
