package org.ropelab.train;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.ropelab.rope.RopeScaling;
import org.ropelab.scaling.NtkAware;
import org.ropelab.scaling.PositionInterpolation;
import org.ropelab.scaling.Yarn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Train short, test long: the same {@link TinyDecoder} trained at length {@code L} once per encoding and
 * seed, then its loss above the best possible loss on the same held-out sequences
 * ({@link NgramLanguage#bestLoss}) averaged over the buckets 1× = {@code [0, L)}, 2× = {@code [L, 2L)},
 * 4× = {@code [2L, 4L)}, 8× = {@code [4L, 8L)}. RoPE is also evaluated zero-shot with PI, NTK-aware and
 * YaRN at factor {@code k} on {@code kL} positions, and with PI after a short fine-tune at {@code 2L}
 * (factor 2; then factor {@code k} at {@code kL}). Seeds run in parallel; each run is deterministic.
 */
public final class LengthGeneralization {
    /** The rows of the results, in order. */
    public static final List<String> NAMES = List.of("learned table", "sinusoidal", "RoPE", "ALiBi", "relative bias",
            "NoPE", "RoPE + PI", "RoPE + NTK", "RoPE + YaRN", "RoPE + PI, fine-tuned");
    /** The buckets, as multiples of the training length. */
    public static final int[] FACTORS = {1, 2, 4, 8};
    private static final Encoding[] TRAINED = {Encoding.LEARNED, Encoding.SINUSOIDAL, Encoding.ROPE, Encoding.ALIBI,
        Encoding.RELATIVE, Encoding.NONE};

    /**
     * The experiment: the language, the model sizes ({@code config.length()} is the training length
     * {@code L}), {@code steps} Adam steps of {@code batch} fresh sequences on schedule {@code lr},
     * {@code fineTuneSteps} steps at {@code 2L} on schedule {@code fineTuneLr}, {@code heldOut} evaluation
     * sequences of {@code 8L + 1} tokens drawn with {@code heldOutSeed}.
     */
    public record Setup(NgramLanguage language, TinyDecoder.Config config, int steps, int batch, LearningRate lr,
            int fineTuneSteps, LearningRate fineTuneLr, int heldOut, long heldOutSeed) {
        /** Validates the sizes. */
        public Setup {
            if (language == null || config == null || lr == null || fineTuneLr == null) {
                throw new IllegalArgumentException("language, config, lr and fineTuneLr must be given");
            }
            if (language.vocab() != config.vocab()) {
                throw new IllegalArgumentException("config.vocab must equal the language's " + language.vocab() + ", got "
                        + config.vocab());
            }
            if (steps < 1 || batch < 1 || fineTuneSteps < 1 || heldOut < 1) {
                throw new IllegalArgumentException("steps, batch, fineTuneSteps and heldOut must be at least 1, got "
                        + steps + ", " + batch + ", " + fineTuneSteps + ", " + heldOut);
            }
        }
    }

    private final Setup setup;
    private final long[] seeds;
    private final int[][] held;
    private final double[] best;
    private final Map<String, double[][]> excess;
    private final TinyDecoder[] rope;
    private final String learnedError;

    private LengthGeneralization(Setup setup, long[] seeds, int[][] held, double[] best, Map<String, double[][]> excess,
            TinyDecoder[] rope, String learnedError) {
        this.setup = setup;
        this.seeds = seeds;
        this.held = held;
        this.best = best;
        this.excess = excess;
        this.rope = rope;
        this.learnedError = learnedError;
    }

    /**
     * Returns the experiment run for every seed (initial weights from {@code seed}, training batches from
     * {@code 10⁶·seed + step}, fine-tune batches from {@code 10⁶·seed + 500 000 + step}).
     */
    public static LengthGeneralization run(Setup setup, long... seeds) {
        if (setup == null || seeds == null || seeds.length == 0) {
            throw new IllegalArgumentException("setup and at least one seed must be given");
        }
        int len = setup.config().length();
        int[][] held = setup.language().sample(setup.heldOut(), 8 * len + 1, setup.heldOutSeed());
        double[] best = setup.language().bestLoss(held);
        int jobs = seeds.length * TRAINED.length;
        TinyDecoder[] initial = new TinyDecoder[jobs];                  // on this thread: ND4J starts here
        for (int i = 0; i < jobs; i++) {
            initial[i] = TinyDecoder.init(setup.config(), TRAINED[i % TRAINED.length], seeds[i / TRAINED.length]);
        }
        Job[] done = IntStream.range(0, jobs).parallel()
                .mapToObj(i -> job(setup, seeds[i / TRAINED.length], initial[i], held, best))
                .toArray(Job[]::new);
        Map<String, double[][]> excess = new LinkedHashMap<>();
        for (String name : NAMES) {
            excess.put(name, new double[seeds.length][]);
        }
        TinyDecoder[] rope = new TinyDecoder[seeds.length];
        String error = null;
        for (int i = 0; i < jobs; i++) {
            int s = i / TRAINED.length;
            done[i].buckets().forEach((name, b) -> excess.get(name)[s] = b);
            if (TRAINED[i % TRAINED.length] == Encoding.ROPE) {
                rope[s] = done[i].model();
            }
            if (done[i].error() != null && error == null) {
                error = done[i].error();
            }
        }
        return new LengthGeneralization(setup, seeds.clone(), held, best, excess, rope, error);
    }

    private record Job(Map<String, double[]> buckets, TinyDecoder model, String error) {
    }

    private static Job job(Setup setup, long seed, TinyDecoder initial, int[][] held, double[] best) {
        int len = setup.config().length();
        Encoding encoding = initial.encoding();
        TinyDecoder m = initial.train(batches(setup, seed, setup.steps(), len, 0), setup.lr());
        Map<String, double[]> out = new LinkedHashMap<>();
        String error = null;
        if (encoding == Encoding.LEARNED) {
            double[] b = {bucket(m, held, best, 0, len), Double.NaN, Double.NaN, Double.NaN};
            try {
                m.scores(prefix(held, 2 * len + 1));
            } catch (IllegalArgumentException e) {
                error = e.getMessage();
            }
            out.put(NAMES.get(0), b);
            return new Job(out, m, error);
        }
        double[] b = new double[FACTORS.length];
        double[] loss = m.scores(held).loss();
        for (int j = 0; j < FACTORS.length; j++) {
            b[j] = mean(loss, best, lower(j, len), FACTORS[j] * len);
        }
        out.put(NAMES.get(Arrays.asList(TRAINED).indexOf(encoding)), b);
        if (encoding == Encoding.ROPE) {
            String[] methods = {"PI", "NTK", "YaRN"};
            for (int i = 0; i < methods.length; i++) {
                double[] s = new double[FACTORS.length];
                s[0] = b[0];                                               // at 1× no scaling (factor 1)
                for (int j = 1; j < FACTORS.length; j++) {
                    s[j] = bucket(m.withRope(m.rope().withScaling(scaling(methods[i], FACTORS[j], len))), held, best, j, len);
                }
                out.put(NAMES.get(6 + i), s);
            }
            TinyDecoder tuned = m.withRope(m.rope().withScaling(PositionInterpolation.of(2)))
                    .train(batches(setup, seed, setup.fineTuneSteps(), 2 * len, 500_000), setup.fineTuneLr());
            double[] f = new double[FACTORS.length];
            double[] at2 = tuned.scores(prefix(held, 2 * len + 1)).loss();
            f[0] = mean(at2, best, 0, len);
            f[1] = mean(at2, best, len, 2 * len);
            for (int j = 2; j < FACTORS.length; j++) {
                f[j] = bucket(tuned.withRope(m.rope().withScaling(PositionInterpolation.of(FACTORS[j]))), held, best, j, len);
            }
            out.put(NAMES.get(9), f);
        }
        return new Job(out, m, error);
    }

    private static RopeScaling scaling(String method, int k, int len) {
        return switch (method) {
            case "PI" -> PositionInterpolation.of(k);
            case "NTK" -> NtkAware.of(k);
            default -> Yarn.of(k, len);
        };
    }

    /** Returns the mean excess loss of bucket {@code j}, evaluated on the first {@code FACTORS[j]·L} positions. */
    private static double bucket(TinyDecoder m, int[][] held, double[] best, int j, int len) {
        double[] loss = m.scores(prefix(held, FACTORS[j] * len + 1)).loss();
        return mean(loss, best, lower(j, len), FACTORS[j] * len);
    }

    private static int lower(int j, int len) {
        return j == 0 ? 0 : FACTORS[j - 1] * len;
    }

    private static double mean(double[] loss, double[] best, int from, int to) {
        double s = 0;
        for (int t = from; t < to; t++) {
            s += loss[t] - best[t];
        }
        return s / (to - from);
    }

    private static int[][][] batches(Setup setup, long seed, int steps, int len, int offset) {
        int[][][] b = new int[steps][][];
        for (int s = 0; s < steps; s++) {
            b[s] = setup.language().sample(setup.batch(), len + 1, 1_000_000 * seed + offset + s);
        }
        return b;
    }

    private static int[][] prefix(int[][] seqs, int n) {
        return Arrays.stream(seqs).map(x -> Arrays.copyOf(x, n)).toArray(int[][]::new);
    }
    /** Returns the setup. */
    public Setup setup() {
        return setup;
    }

    /** Returns the seeds. */
    public long[] seeds() {
        return seeds.clone();
    }

    /** Returns the held-out sequences {@code [heldOut][8L + 1]}, a copy. */
    public int[][] heldOut() {
        return Arrays.stream(held).map(int[]::clone).toArray(int[][]::new);
    }

    /** Returns the best possible loss per position on the held-out sequences, a copy. */
    public double[] bestLoss() {
        return best.clone();
    }

    /** Returns the trained (unscaled) RoPE model of seed number {@code i} (0-based). */
    public TinyDecoder rope(int i) {
        if (i < 0 || i >= rope.length) {
            throw new IllegalArgumentException("i must be in [0, " + rope.length + "), got " + i);
        }
        return rope[i];
    }

    /** Returns the message of the learned table's error at {@code 2L} (null if none was thrown). */
    public String learnedError() {
        return learnedError;
    }

    /** Returns the excess loss {@code [seed][bucket]} of row {@code name} (NaN where a model cannot run), a copy. */
    public double[][] excess(String name) {
        double[][] e = excess.get(name);
        if (e == null) {
            throw new IllegalArgumentException("name must be one of " + NAMES + ", got " + name);
        }
        return Arrays.stream(e).map(double[]::clone).toArray(double[][]::new);
    }

    /** Returns the mean over seeds of row {@code name}'s excess loss in bucket {@code j}. */
    public double mean(String name, int j) {
        return Arrays.stream(column(name, j)).average().orElseThrow();
    }

    /** Returns the smallest over seeds of row {@code name}'s excess loss in bucket {@code j}. */
    public double min(String name, int j) {
        return Arrays.stream(column(name, j)).min().orElseThrow();
    }

    /** Returns the largest over seeds of row {@code name}'s excess loss in bucket {@code j}. */
    public double max(String name, int j) {
        return Arrays.stream(column(name, j)).max().orElseThrow();
    }

    private double[] column(String name, int j) {
        if (j < 0 || j >= FACTORS.length) {
            throw new IllegalArgumentException("j must be in [0, " + FACTORS.length + "), got " + j);
        }
        return Arrays.stream(excess(name)).mapToDouble(b -> b[j]).toArray();
    }

    /**
     * Returns the table: one row per name, and per bucket the mean, min and max over seeds of the loss
     * above the best possible loss (nats per token).
     */
    public Table table() {
        Table t = Table.create("Loss above the best possible loss on the same " + held.length
                + " held-out sequences (nats per token), over seeds " + Arrays.toString(seeds),
                StringColumn.create("encoding", NAMES));
        for (int j = 0; j < FACTORS.length; j++) {
            DoubleColumn mean = DoubleColumn.create(FACTORS[j] + "× mean");
            DoubleColumn lo = DoubleColumn.create(FACTORS[j] + "× min");
            DoubleColumn hi = DoubleColumn.create(FACTORS[j] + "× max");
            for (String name : NAMES) {
                mean.append(mean(name, j));
                lo.append(min(name, j));
                hi.append(max(name, j));
            }
            t.addColumns(mean, lo, hi);
        }
        return t;
    }
}
