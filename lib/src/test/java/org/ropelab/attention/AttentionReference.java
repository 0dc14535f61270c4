package org.ropelab.attention;

/**
 * Scaled dot-product attention written as plain loops over {@code double[b][h][s][d]}, the independent
 * reference the ND4J implementation is tested against. Masks here are boolean: {@code allowed[b][i][j]}.
 */
final class AttentionReference {
    private AttentionReference() {
    }

    /** Returns {@code Σ_j softmax_j(q_i·k_j/√d + bias_ij) v_j} with blocked keys left out of the sum. */
    static double[][][][] attend(double[][][][] q, double[][][][] k, double[][][][] v, double[][] bias, boolean[][][] allowed) {
        int nb = q.length, nh = q[0].length, sq = q[0][0].length, sk = k[0][0].length, d = q[0][0][0].length, dv = v[0][0][0].length;
        double[][][][] out = new double[nb][nh][sq][dv];
        for (int b = 0; b < nb; b++) {
            for (int h = 0; h < nh; h++) {
                for (int i = 0; i < sq; i++) {
                    double[] w = weightsRow(q[b][h][i], k[b][h], d, bias == null ? null : bias[i], allowed == null ? null : allowed[b][i]);
                    for (int j = 0; j < sk; j++) {
                        for (int c = 0; c < dv; c++) {
                            out[b][h][i][c] += w[j] * v[b][h][j][c];
                        }
                    }
                }
            }
        }
        return out;
    }

    /** Returns one row of attention weights: {@code exp(s_j) / Σ_allowed exp(s_l)}, 0 for blocked keys. */
    static double[] weightsRow(double[] qi, double[][] keys, int d, double[] biasRow, boolean[] allowedRow) {
        double[] s = new double[keys.length];
        for (int j = 0; j < keys.length; j++) {
            double dot = 0;
            for (int c = 0; c < d; c++) {
                dot += qi[c] * keys[j][c];
            }
            s[j] = dot / Math.sqrt(d) + (biasRow == null ? 0 : biasRow[j]);
        }
        return softmax(s, allowedRow);
    }

    /**
     * Returns {@code exp(s_j − m) / Σ_allowed exp(s_l − m)}, {@code m} the largest allowed score, for the allowed keys
     * ({@code allowedRow[j]}, or all when {@code null}) and 0 for the others: blocked keys are left out, not added as −∞.
     */
    static double[] softmax(double[] s, boolean[] allowedRow) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < s.length; j++) {
            if (allowedRow == null || allowedRow[j]) {
                max = Math.max(max, s[j]);
            }
        }
        double[] w = new double[s.length];
        double total = 0;
        for (int j = 0; j < s.length; j++) {
            if (allowedRow == null || allowedRow[j]) {
                w[j] = Math.exp(s[j] - max);
                total += w[j];
            }
        }
        for (int j = 0; j < s.length; j++) {
            w[j] /= total;
        }
        return w;
    }
}
