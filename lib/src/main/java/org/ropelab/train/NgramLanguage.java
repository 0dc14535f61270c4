package org.ropelab.train;

import java.util.Random;

/**
 * A fixed random n-gram language over tokens {@code 0 .. V−1}: the next token depends on the previous
 * {@code k = n − 1} tokens only, {@code P(x_{t+1} | x_{t−k+1..t}) = softmax(σ·g_c)} with {@code g_c}
 * standard normal per context {@code c}, drawn once from a seed. Sequences start from the stationary
 * distribution of the contexts, so every position past the first {@code k − 1} has the same best
 * possible loss, the entropy rate {@code H = Σ_c π(c)·H(P(·|c))}. Immutable.
 */
public final class NgramLanguage {
    private final int vocab;
    private final int context;
    private final double[][] next;
    private final double[] stationary;

    private NgramLanguage(int vocab, int context, double[][] next) {
        this.vocab = vocab;
        this.context = context;
        this.next = next;
        this.stationary = stationaryOf(vocab, next);
    }

    /**
     * Returns the language of order {@code n} (the next token depends on the previous {@code n − 1})
     * over {@code vocab} tokens with next-token distributions {@code softmax(sharpness·g)}, {@code g}
     * drawn by a generator seeded with {@code seed}.
     */
    public static NgramLanguage random(int vocab, int order, double sharpness, long seed) {
        if (vocab < 2) {
            throw new IllegalArgumentException("vocab must be at least 2, got " + vocab);
        }
        if (order < 2 || Math.pow(vocab, order - 1) > 1 << 16) {
            throw new IllegalArgumentException("order must be at least 2 with vocab^(order−1) ≤ 65536, got order " + order
                    + " for vocab " + vocab);
        }
        if (!(sharpness >= 0) || Double.isInfinite(sharpness)) {
            throw new IllegalArgumentException("sharpness must be finite and at least 0, got " + sharpness);
        }
        Random rng = new Random(seed);
        int contexts = (int) Math.pow(vocab, order - 1);
        double[][] p = new double[contexts][vocab];
        for (int c = 0; c < contexts; c++) {
            double sum = 0;
            for (int v = 0; v < vocab; v++) {
                p[c][v] = Math.exp(sharpness * rng.nextGaussian());
                sum += p[c][v];
            }
            for (int v = 0; v < vocab; v++) {
                p[c][v] /= sum;
            }
        }
        return new NgramLanguage(vocab, order - 1, p);
    }

    /**
     * Returns the language with the given next-token table: {@code next[c][v] = P(v | c)} for each of the
     * {@code V^k} contexts {@code c = x_{t−k+1}·V^{k−1} + … + x_t} (oldest token most significant);
     * every row must be a probability distribution with all entries positive.
     */
    public static NgramLanguage of(double[][] next) {
        if (next == null || next.length < 2 || next[0] == null) {
            throw new IllegalArgumentException("next must hold V^k rows of V probabilities, got "
                    + (next == null ? "null" : next.length + " rows"));
        }
        int vocab = next[0].length;
        int context = (int) Math.round(Math.log(next.length) / Math.log(Math.max(vocab, 2)));
        if (vocab < 2 || Math.pow(vocab, context) != next.length || context < 1) {
            throw new IllegalArgumentException("next must hold V^k rows for V = row length " + vocab + ", got " + next.length + " rows");
        }
        double[][] copy = new double[next.length][];
        for (int c = 0; c < next.length; c++) {
            if (next[c] == null || next[c].length != vocab) {
                throw new IllegalArgumentException("next[" + c + "] must hold " + vocab + " probabilities");
            }
            double sum = 0;
            for (double q : next[c]) {
                if (!(q > 0)) {
                    throw new IllegalArgumentException("next[" + c + "] must be positive everywhere, got " + q);
                }
                sum += q;
            }
            if (Math.abs(sum - 1) > 1e-9) {
                throw new IllegalArgumentException("next[" + c + "] must sum to 1, got " + sum);
            }
            copy[c] = next[c].clone();
        }
        return new NgramLanguage(vocab, context, copy);
    }

    /** Returns the vocabulary size {@code V}. */
    public int vocab() {
        return vocab;
    }

    /** Returns the order {@code n}: the next token depends on the previous {@code n − 1}. */
    public int order() {
        return context + 1;
    }

    /** Returns {@code P(v | c)} for the context {@code c} (see {@link #of}). */
    public double probability(int c, int v) {
        if (c < 0 || c >= next.length || v < 0 || v >= next[c].length) {
            throw new IndexOutOfBoundsException("(c, v) must be in [0, " + next.length + ") × [0, " + next[0].length
                    + "), got (" + c + ", " + v + ")");
        }
        return next[c][v];
    }

    /** Returns the stationary distribution {@code π} of the contexts (power iteration to 1e-15), a copy. */
    public double[] stationary() {
        return stationary.clone();
    }

    /** Returns the entropy rate {@code H = Σ_c π(c)·(−Σ_v P(v|c) ln P(v|c))}, in nats per token. */
    public double entropyRate() {
        double h = 0;
        for (int c = 0; c < next.length; c++) {
            h += stationary[c] * entropy(next[c]);
        }
        return h;
    }

    /**
     * Returns the best possible expected loss (nats) for predicting token {@code t + 1} from tokens
     * {@code 0 .. t} of a sequence started from {@code π}: {@code H(x_{t+1} | x_0..x_t)}, which is the
     * entropy rate for {@code t ≥ k − 1} and computed from the marginals of {@code π} before.
     */
    public double floor(int t) {
        if (t < 0) {
            throw new IllegalArgumentException("t must be at least 0, got " + t);
        }
        if (t >= context - 1) {
            return entropyRate();
        }
        return jointEntropy(t + 2) - jointEntropy(t + 1);
    }

    /**
     * Returns {@code count} sequences of {@code length ≥ k} tokens, {@code [count][length]}: the first
     * {@code k} drawn from {@code π}, each next one from {@code P(·|context)}, by a generator seeded with
     * {@code seed}.
     */
    public int[][] sample(int count, int length, long seed) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, got " + count);
        }
        if (length < context) {
            throw new IllegalArgumentException("length must be at least k = " + context + ", got " + length);
        }
        Random rng = new Random(seed);
        int[][] seqs = new int[count][length];
        int top = next.length / vocab;
        for (int s = 0; s < count; s++) {
            int c = draw(stationary, rng);
            for (int j = context - 1; j >= 0; j--) {
                seqs[s][context - 1 - j] = (c / (int) Math.pow(vocab, j)) % vocab;
            }
            for (int t = context; t < length; t++) {
                int v = draw(next[c], rng);
                seqs[s][t] = v;
                c = (c % top) * vocab + v;
            }
        }
        return seqs;
    }

    /**
     * Returns the best possible loss on these very sequences {@code [count][n+1]}, per position:
     * {@code b[t] = mean over sequences of −ln P(x_{t+1} | x_0..x_t)} under this language, {@code t < n};
     * for {@code t < k − 1} the conditional comes from the marginals of {@code π}.
     */
    public double[] bestLoss(int[][] sequences) {
        if (sequences == null || sequences.length == 0 || sequences[0] == null || sequences[0].length < 2) {
            throw new IllegalArgumentException("sequences must be [count ≥ 1][length ≥ 2]");
        }
        int n = sequences[0].length - 1;
        double[] b = new double[n];
        for (int[] x : sequences) {
            if (x == null || x.length != n + 1) {
                throw new IllegalArgumentException("every sequence must hold " + (n + 1) + " tokens, got "
                        + (x == null ? "null" : x.length));
            }
            for (int t = 0; t < n; t++) {
                double p = t >= context - 1 ? probability(contextAt(x, t), x[t + 1])
                        : marginal(x, t + 2) / marginal(x, t + 1);
                b[t] -= Math.log(p) / sequences.length;
            }
        }
        return b;
    }

    /** Returns {@code P(x_0..x_{m−1})} for {@code m ≤ k}: {@code π} summed over the contexts that start with them. */
    private double marginal(int[] x, int m) {
        int per = (int) Math.pow(vocab, context - m);
        int g = 0;
        for (int j = 0; j < m; j++) {
            if (x[j] < 0 || x[j] >= vocab) {
                throw new IllegalArgumentException("tokens must be in [0, " + vocab + "), got " + x[j]);
            }
            g = g * vocab + x[j];
        }
        double q = 0;
        for (int r = 0; r < per; r++) {
            q += stationary[g * per + r];
        }
        return q;
    }

    /** Returns the context index of tokens {@code x[t−k+1..t]}. */
    public int contextAt(int[] x, int t) {
        if (x == null || t < context - 1 || t >= x.length) {
            throw new IllegalArgumentException("t must be in [k − 1, length) = [" + (context - 1) + ", "
                    + (x == null ? 0 : x.length) + "), got " + t);
        }
        int c = 0;
        for (int j = t - context + 1; j <= t; j++) {
            c = c * vocab + x[j];
        }
        return c;
    }

    private double jointEntropy(int m) {
        int groups = (int) Math.pow(vocab, m);
        int per = next.length / groups;
        double h = 0;
        for (int g = 0; g < groups; g++) {
            double q = 0;
            for (int r = 0; r < per; r++) {
                q += stationary[g * per + r];
            }
            h -= q > 0 ? q * Math.log(q) : 0;
        }
        return h;
    }

    private static double entropy(double[] p) {
        double h = 0;
        for (double q : p) {
            h -= q * Math.log(q);
        }
        return h;
    }

    private static int draw(double[] p, Random rng) {
        double u = rng.nextDouble();
        double acc = 0;
        for (int v = 0; v < p.length; v++) {
            acc += p[v];
            if (u < acc) {
                return v;
            }
        }
        return p.length - 1;
    }

    private static double[] stationaryOf(int vocab, double[][] next) {
        int n = next.length;
        int top = n / vocab;
        double[] pi = new double[n];
        java.util.Arrays.fill(pi, 1.0 / n);
        for (int iter = 0; iter < 100_000; iter++) {
            double[] nu = new double[n];
            for (int c = 0; c < n; c++) {
                int shifted = (c % top) * vocab;
                for (int v = 0; v < vocab; v++) {
                    nu[shifted + v] += pi[c] * next[c][v];
                }
            }
            double change = 0;
            for (int c = 0; c < n; c++) {
                change += Math.abs(nu[c] - pi[c]);
            }
            pi = nu;
            if (change < 1e-15) {
                break;
            }
        }
        return pi;
    }
}
