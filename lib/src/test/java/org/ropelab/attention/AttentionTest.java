package org.ropelab.attention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class AttentionTest {
    private static final double TOL = 1e-12;

    @Test
    void attendEqualsTheLoopReference() {
        Random rng = new Random(1);
        double[][][][] q = random(rng, 2, 3, 4, 6), k = random(rng, 2, 3, 5, 6), v = random(rng, 2, 3, 5, 7);
        INDArray out = Attention.attend(nd(q), nd(k), nd(v), null, null);
        assertEquals(DataType.DOUBLE, out.dataType());
        assertEquals(java.util.List.of(2L, 3L, 4L, 7L), java.util.List.of(out.size(0), out.size(1), out.size(2), out.size(3)));
        assertClose(AttentionReference.attend(q, k, v, null, null), out, TOL);
    }

    @Test
    void attendWithBiasAndCausalMaskEqualsTheLoopReference() {
        Random rng = new Random(2);
        int seq = 5;
        double[][][][] q = random(rng, 2, 2, seq, 4), k = random(rng, 2, 2, seq, 4), v = random(rng, 2, 2, seq, 3);
        double[][] bias = new double[seq][seq];
        boolean[][][] allowed = new boolean[2][seq][seq];
        for (int i = 0; i < seq; i++) {
            for (int j = 0; j < seq; j++) {
                bias[i][j] = -0.5 * Math.abs(i - j);
                allowed[0][i][j] = j <= i;
                allowed[1][i][j] = j <= i;
            }
        }
        INDArray out = Attention.attend(nd(q), nd(k), nd(v), Nd4j.create(bias), Attention.causalMask(seq));
        assertClose(AttentionReference.attend(q, k, v, bias, allowed), out, TOL);
    }

    @Test
    void paddingMaskEqualsTheLoopReferenceWithPaddedKeysLeftOut() {
        Random rng = new Random(3);
        int seq = 6;
        int[] lengths = {6, 4, 1};
        double[][][][] q = random(rng, 3, 2, seq, 4), k = random(rng, 3, 2, seq, 4), v = random(rng, 3, 2, seq, 4);
        boolean[][][] allowed = new boolean[3][seq][seq];
        for (int b = 0; b < 3; b++) {
            for (int i = 0; i < seq; i++) {
                for (int j = 0; j < seq; j++) {
                    allowed[b][i][j] = j < lengths[b];
                }
            }
        }
        INDArray out = Attention.attend(nd(q), nd(k), nd(v), null, Attention.paddingMask(lengths, seq));
        assertClose(AttentionReference.attend(q, k, v, null, allowed), out, TOL);
    }

    @Test
    void maskedKeysGetExactlyZeroWeightAndRowsSumToOne() {
        Random rng = new Random(4);
        int seq = 7;
        INDArray s = Attention.scores(nd(random(rng, 2, 3, seq, 8)), nd(random(rng, 2, 3, seq, 8)));
        INDArray w = Attention.weights(s, Attention.causalMask(seq));
        INDArray p = Attention.weights(s, Attention.paddingMask(new int[] {3, 7}, seq));
        for (int b = 0; b < 2; b++) {
            for (int h = 0; h < 3; h++) {
                for (int i = 0; i < seq; i++) {
                    double sumCausal = 0;
                    double sumPadding = 0;
                    for (int j = 0; j < seq; j++) {
                        double wc = w.getDouble(b, h, i, j);
                        double wp = p.getDouble(b, h, i, j);
                        if (j > i) {
                            assertEquals(0.0, wc, "causal weight above the diagonal at " + i + "," + j);
                        } else {
                            assertTrue(wc > 0);
                        }
                        if (b == 0 && j >= 3) {
                            assertEquals(0.0, wp, "padded key " + j);
                        }
                        sumCausal += wc;
                        sumPadding += wp;
                    }
                    assertEquals(1.0, sumCausal, TOL);
                    assertEquals(1.0, sumPadding, TOL);
                }
            }
        }
    }

    @Test
    void weightsEqualTheLoopReferenceUnderCausalPaddingAndRowMasks() {
        Random rng = new Random(8);
        int nb = 3, nh = 2, seq = 33;
        int[] lengths = {33, 17, 1};
        double[][][][] s = random(rng, nb, nh, seq, seq);
        for (double[][][] x : s) {
            for (double[][] y : x) {
                for (double[] z : y) {
                    for (int j = 1; j < seq; j++) {                     // key 0 stays allowed: no row is fully blocked
                        z[j] = rng.nextInt(20) == 0 ? Double.NEGATIVE_INFINITY : 6 * z[j];
                    }
                }
            }
        }
        boolean[][][] causal = new boolean[nb][seq][seq], padding = new boolean[nb][seq][seq], both = new boolean[nb][seq][seq];
        double[][][][] bothMask = new double[nb][1][seq][seq], rowShift = random(rng, nb, nh, seq, 1);
        for (int b = 0; b < nb; b++) {
            for (int i = 0; i < seq; i++) {
                for (int j = 0; j < seq; j++) {
                    causal[b][i][j] = j <= i;
                    padding[b][i][j] = j < lengths[b];
                    both[b][i][j] = causal[b][i][j] && padding[b][i][j];
                    bothMask[b][0][i][j] = both[b][i][j] ? 0 : Double.NEGATIVE_INFINITY;
                }
            }
        }
        INDArray scores = nd(s);
        // a per-row constant [b, h, seq, 1] shifts every score of a row alike: the softmax is unchanged
        assertWeights(s, null, Attention.weights(scores, nd(rowShift)));
        assertWeights(s, causal, Attention.weights(scores, Attention.causalMask(seq)));
        assertWeights(s, padding, Attention.weights(scores, Attention.paddingMask(lengths, seq)));
        assertWeights(s, both, Attention.weights(scores, nd(bothMask)));
    }

    @Test
    void weightsOfATransposedViewEqualTheLoopReference() {
        double[][][][] s = random(new Random(9), 2, 2, 4, 6);
        double[][][][] t = new double[2][2][6][4];
        for (int b = 0; b < 2; b++) {
            for (int h = 0; h < 2; h++) {
                for (int i = 0; i < 6; i++) {
                    for (int j = 0; j < 4; j++) {
                        t[b][h][i][j] = s[b][h][j][i];
                    }
                }
            }
        }
        assertWeights(t, null, Attention.weights(nd(s).permute(0, 1, 3, 2), null));
    }

    /** Asserts that {@code w} is the {@link AttentionReference#softmax} of each row of {@code s} (keys allowed by {@code allowed[b][i]}, and not −∞) and that its rows sum to 1. */
    private static void assertWeights(double[][][][] s, boolean[][][] allowed, INDArray w) {
        double worst = 0;
        for (int b = 0; b < s.length; b++) {
            for (int h = 0; h < s[0].length; h++) {
                for (int i = 0; i < s[0][0].length; i++) {
                    double[] row = s[b][h][i];
                    boolean[] keep = new boolean[row.length];
                    double sum = 0;
                    for (int j = 0; j < row.length; j++) {
                        keep[j] = (allowed == null || allowed[b][i][j]) && row[j] != Double.NEGATIVE_INFINITY;
                        sum += w.getDouble(b, h, i, j);
                    }
                    double[] expected = AttentionReference.softmax(row, keep);
                    for (int j = 0; j < row.length; j++) {
                        worst = Math.max(worst, Math.abs(expected[j] - w.getDouble(b, h, i, j)));
                        if (!keep[j]) {
                            assertEquals(0.0, w.getDouble(b, h, i, j), "blocked key " + j + " of row " + b + "," + h + "," + i);
                        }
                    }
                    assertEquals(1.0, sum, 1e-14, "sum of row " + b + "," + h + "," + i);
                }
            }
        }
        assertTrue(worst <= 1e-15, "largest |weight − reference| " + worst);
    }

    @Test
    void causalMaskIsZeroUpToTheDiagonalAndMinusInfinityAfter() {
        for (int seq : new int[] {1, 2, 5}) {
            INDArray m = Attention.causalMask(seq);
            assertEquals(DataType.DOUBLE, m.dataType());
            assertEquals(java.util.List.of((long) seq, (long) seq), java.util.List.of(m.size(0), m.size(1)));
            for (int i = 0; i < seq; i++) {
                for (int j = 0; j < seq; j++) {
                    assertEquals(j <= i ? 0.0 : Double.NEGATIVE_INFINITY, m.getDouble(i, j), "M[" + i + "][" + j + "]");
                }
            }
        }
    }

    @Test
    void largeScoresDoNotOverflow() {
        // softmax(1e4, 1e4 − ln 3, 1e4 − ln 6) = (6, 2, 1)/9: exp(1e4) alone would be +∞.
        INDArray s = Nd4j.create(new double[] {1e4, 1e4 - Math.log(3), 1e4 - Math.log(6)}, new long[] {1, 1, 1, 3}, DataType.DOUBLE);
        INDArray w = Attention.weights(s, null);
        assertEquals(6.0 / 9, w.getDouble(0, 0, 0, 0), TOL);
        assertEquals(2.0 / 9, w.getDouble(0, 0, 0, 1), TOL);
        assertEquals(1.0 / 9, w.getDouble(0, 0, 0, 2), TOL);
        INDArray neg = Attention.weights(s.neg(), null);   // very negative scores do not underflow to 0/0 either
        assertEquals(1.0 / (1 + 3 + 6), neg.getDouble(0, 0, 0, 0), TOL);
    }

    @Test
    void scoresAreDotProductsOverRootD() {
        // q = (1, 2, 3, 4), k0 = (1, 0, 0, 0), k1 = (1, 1, 1, 1): dots 1 and 10, over √4 = 2.
        INDArray q = Nd4j.create(new double[] {1, 2, 3, 4}, new long[] {1, 1, 1, 4}, DataType.DOUBLE);
        INDArray k = Nd4j.create(new double[] {1, 0, 0, 0, 1, 1, 1, 1}, new long[] {1, 1, 2, 4}, DataType.DOUBLE);
        INDArray s = Attention.scores(q, k);
        assertEquals(0.5, s.getDouble(0, 0, 0, 0), TOL);
        assertEquals(5.0, s.getDouble(0, 0, 0, 1), TOL);
    }

    @Test
    void scoresOfTheHeadsOfXOnHandValues() {
        INDArray x = Nd4j.create(new double[][][] {{{1, 0}, {0, 1}}});     // x = I: q and k are the rows of W
        INDArray wq = Nd4j.create(new double[][] {{1, 2}, {3, 4}});
        INDArray wk = Nd4j.create(new double[][] {{0, 1}, {1, 0}});
        INDArray one = Attention.scores(x, wq, wk, 1);                     // q = (1, 2), (3, 4); k = (0, 1), (1, 0)
        double r2 = Math.sqrt(2);
        assertEquals(2 / r2, one.getDouble(0, 0, 0, 0), TOL);
        assertEquals(1 / r2, one.getDouble(0, 0, 0, 1), TOL);
        assertEquals(4 / r2, one.getDouble(0, 0, 1, 0), TOL);
        assertEquals(3 / r2, one.getDouble(0, 0, 1, 1), TOL);
        INDArray two = Attention.scores(x, wq, wk, 2);                     // head h takes column h, d = 1
        assertEquals(3, two.getDouble(0, 0, 1, 1), TOL);                   // q = 3, k = 1
        assertEquals(4, two.getDouble(0, 1, 1, 0), TOL);                   // q = 4, k = 1
        assertEquals(0, two.getDouble(0, 1, 0, 1), TOL);                   // q = 2, k = 0
    }

    @Test
    void projectSplitsColumnsIntoHeads() {
        Random rng = new Random(5);
        int b = 2, seq = 3, dModel = 4, heads = 2, d = 3;
        double[][][] x = new double[b][seq][dModel];
        double[][] w = new double[dModel][heads * d];
        for (double[][] xb : x) {
            for (double[] row : xb) {
                fill(rng, row);
            }
        }
        for (double[] row : w) {
            fill(rng, row);
        }
        INDArray p = Attention.project(Nd4j.create(x), Nd4j.create(w), heads);
        assertEquals(4, p.rank());
        for (int bi = 0; bi < b; bi++) {
            for (int h = 0; h < heads; h++) {
                for (int s = 0; s < seq; s++) {
                    for (int c = 0; c < d; c++) {
                        double expected = 0;
                        for (int m = 0; m < dModel; m++) {
                            expected += x[bi][s][m] * w[m][h * d + c];
                        }
                        assertEquals(expected, p.getDouble(bi, h, s, c), TOL);
                    }
                }
            }
        }
    }

    @Test
    void permutingTheTokensPermutesTheOutputs() {
        Random rng = new Random(6);
        int seq = 5;
        int[] perm = {3, 0, 4, 1, 2};
        double[][][][] q = random(rng, 1, 2, seq, 4), k = random(rng, 1, 2, seq, 4), v = random(rng, 1, 2, seq, 4);
        double[][][][] pq = permuteTokens(q, perm), pk = permuteTokens(k, perm), pv = permuteTokens(v, perm);
        double[][][][] out = toArray(Attention.attend(nd(q), nd(k), nd(v), null, null));
        assertClose(permuteTokens(out, perm), Attention.attend(nd(pq), nd(pk), nd(pv), null, null), TOL);
    }

    @Test
    void float32InputIsComputedInDoublePrecision() {
        Random rng = new Random(7);
        double[][][][] q = random(rng, 1, 2, 3, 4), k = random(rng, 1, 2, 3, 4), v = random(rng, 1, 2, 3, 4);
        INDArray out = Attention.attend(nd(q).castTo(DataType.FLOAT), nd(k).castTo(DataType.FLOAT), nd(v).castTo(DataType.FLOAT), null, null);
        assertEquals(DataType.DOUBLE, out.dataType());
        // the inputs were rounded to float once; the computation itself is double, so agreement is at float input precision
        assertClose(AttentionReference.attend(q, k, v, null, null), out, 1e-6);
    }

    @Test
    void aFullyBlockedRowIsNamed() {
        INDArray s = Nd4j.zeros(DataType.DOUBLE, 1, 2, 2, 2);
        INDArray mask = Nd4j.create(new double[][] {{0, 0}, {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY}});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Attention.weights(s, mask));
        assertTrue(e.getMessage().contains("[batch 0, head 0, query 1]"), e.getMessage());
    }

    @Test
    void theFirstFullyBlockedRowIsNamedByItsBatchHeadAndQuery() {
        double[][][][] mask = new double[2][3][4][5];
        java.util.Arrays.fill(mask[1][2][3], Double.NEGATIVE_INFINITY);   // two blocked rows: [1, 2, 3] and,
        java.util.Arrays.fill(mask[1][1][0], Double.NEGATIVE_INFINITY);   // first in C order, [1, 1, 0]
        assertMessage("row [batch 1, head 1, query 0] is fully blocked by the mask: every key is −∞, so its softmax would be 0/0 = NaN",
                () -> Attention.weights(Nd4j.zeros(DataType.DOUBLE, 2, 3, 4, 5), nd(mask)));
    }

    @Test
    void nonFiniteScoresAreReportedBeforeABadMask() {
        INDArray s = Nd4j.create(new double[] {0, Double.POSITIVE_INFINITY}, new long[] {1, 1, 1, 2}, DataType.DOUBLE);
        assertMessage("scores must be finite (or −∞ where blocked), got NaN or +∞ in [1, 1, 1, 2]", () -> Attention.weights(s, Attention.causalMask(3)));
    }

    @Test
    void badInputIsRejectedWithItsShape() {
        INDArray q = Nd4j.zeros(DataType.DOUBLE, 1, 1, 2, 4);
        INDArray k = Nd4j.zeros(DataType.DOUBLE, 1, 1, 2, 3);
        assertMessage("q and k must agree in batch, heads and d, got q [1, 1, 2, 4] and k [1, 1, 2, 3]", () -> Attention.scores(q, k));
        assertMessage("q must be [batch, heads, seq, d] (rank 4), got [2, 4]", () -> Attention.scores(Nd4j.zeros(DataType.DOUBLE, 2, 4), k));
        assertMessage("mask must be broadcastable to the scores [1, 1, 2, 2], got [3, 3]",
                () -> Attention.weights(Nd4j.zeros(DataType.DOUBLE, 1, 1, 2, 2), Attention.causalMask(3)));
        assertMessage("weights [b, h, sq, sk] and v [b, h, sk, dv] must agree in b, h and sk, got weights [1, 1, 2, 2] and v [1, 1, 3, 4]",
                () -> Attention.output(Nd4j.zeros(DataType.DOUBLE, 1, 1, 2, 2), Nd4j.zeros(DataType.DOUBLE, 1, 1, 3, 4)));
        assertMessage("lengths[1] must be between 1 and seq = 4, got 5", () -> Attention.paddingMask(new int[] {2, 5}, 4));
        assertMessage("seq must be at least 1, got 0", () -> Attention.causalMask(0));
        assertMessage("w's 6 columns must split evenly into heads = 4",
                () -> Attention.project(Nd4j.zeros(DataType.DOUBLE, 1, 2, 3), Nd4j.zeros(DataType.DOUBLE, 3, 6), 4));
        assertMessage("scores must be finite (or −∞ where blocked), got NaN or +∞ in [1, 1, 1, 2]",
                () -> Attention.weights(Nd4j.create(new double[] {0, Double.NaN}, new long[] {1, 1, 1, 2}, DataType.DOUBLE), null));
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, call).getMessage());
    }

    private static double[][][][] permuteTokens(double[][][][] a, int[] perm) {
        double[][][][] out = new double[a.length][a[0].length][perm.length][];
        for (int b = 0; b < a.length; b++) {
            for (int h = 0; h < a[0].length; h++) {
                for (int i = 0; i < perm.length; i++) {
                    out[b][h][i] = a[b][h][perm[i]].clone();
                }
            }
        }
        return out;
    }

    static double[][][][] random(Random rng, int b, int h, int s, int d) {
        double[][][][] a = new double[b][h][s][d];
        for (double[][][] x : a) {
            for (double[][] y : x) {
                for (double[] z : y) {
                    fill(rng, z);
                }
            }
        }
        return a;
    }

    private static void fill(Random rng, double[] row) {
        for (int i = 0; i < row.length; i++) {
            row[i] = rng.nextGaussian();
        }
    }

    static INDArray nd(double[][][][] a) {
        int b = a.length, h = a[0].length, s = a[0][0].length, d = a[0][0][0].length;
        double[] flat = new double[b * h * s * d];
        int n = 0;
        for (double[][][] x : a) {
            for (double[][] y : x) {
                for (double[] z : y) {
                    for (double value : z) {
                        flat[n++] = value;
                    }
                }
            }
        }
        return Nd4j.create(flat, new long[] {b, h, s, d}, DataType.DOUBLE);
    }

    static double[][][][] toArray(INDArray a) {
        double[][][][] out = new double[(int) a.size(0)][(int) a.size(1)][(int) a.size(2)][(int) a.size(3)];
        for (int b = 0; b < out.length; b++) {
            for (int h = 0; h < out[0].length; h++) {
                for (int s = 0; s < out[0][0].length; s++) {
                    for (int d = 0; d < out[0][0][0].length; d++) {
                        out[b][h][s][d] = a.getDouble(b, h, s, d);
                    }
                }
            }
        }
        return out;
    }

    static void assertClose(double[][][][] expected, INDArray actual, double tol) {
        assertEquals(expected.length, actual.size(0));
        assertEquals(expected[0].length, actual.size(1));
        assertEquals(expected[0][0].length, actual.size(2));
        assertEquals(expected[0][0][0].length, actual.size(3));
        for (int b = 0; b < expected.length; b++) {
            for (int h = 0; h < expected[0].length; h++) {
                for (int s = 0; s < expected[0][0].length; s++) {
                    for (int d = 0; d < expected[0][0][0].length; d++) {
                        assertEquals(expected[b][h][s][d], actual.getDouble(b, h, s, d), tol, "at " + b + "," + h + "," + s + "," + d);
                    }
                }
            }
        }
    }
}
