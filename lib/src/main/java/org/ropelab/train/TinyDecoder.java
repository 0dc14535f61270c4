package org.ropelab.train;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ropelab.absolute.LearnedPositions;
import org.ropelab.absolute.Sinusoidal;
import org.ropelab.relative.RelativePositions;
import org.ropelab.rope.Pairing;
import org.ropelab.rope.RotaryEmbedding;

/**
 * A one-layer causal decoder built with SameDiff (float32): token embedding {@code E}, one block of
 * multi-head causal self-attention and a ReLU MLP, each with a residual connection, and an output
 * projection to next-token logits: {@code h = x + Attn(x)}, {@code y = h + relu(h·W₁ + b₁)·W₂ + b₂},
 * {@code logits = y·W_out + b_out}. The position {@link Encoding} enters as in the literature: added to
 * {@code x} (learned, sinusoidal), rotating {@code q, k} (RoPE), or added to the scores (ALiBi,
 * relative), or not at all (NoPE). Immutable: {@link #train} returns a trained copy; a graph is built per batch shape.
 */
public final class TinyDecoder {
    private static final float MASKED = -1e9f;

    private final Config config;
    private final Encoding encoding;
    private final Map<String, INDArray> weights;
    private final RotaryEmbedding rope;
    private final double[] trainingLoss;

    /**
     * The sizes: vocabulary {@code vocab}, model width {@code dModel}, {@code heads} heads of width
     * {@code dModel/heads} (even), MLP width {@code mlp}, the learned table's {@code length}, the
     * relative bias's clipping distance {@code maxDistance}.
     */
    public record Config(int vocab, int dModel, int heads, int mlp, int length, int maxDistance) {
        /** Validates the sizes. */
        public Config {
            positive("vocab", vocab);
            positive("dModel", dModel);
            positive("heads", heads);
            positive("mlp", mlp);
            positive("length", length);
            positive("maxDistance", maxDistance);
            if (dModel % heads != 0 || (dModel / heads) % 2 != 0) {
                throw new IllegalArgumentException("dModel/heads must be an even whole number, got " + dModel + "/" + heads);
            }
        }

        /** Returns the head width {@code dModel/heads}. */
        public int headDim() {
            return dModel / heads;
        }
    }

    /** The mean next-token loss (nats) and accuracy at each position {@code t}, predicting token {@code t + 1}. */
    public record PositionScores(double[] loss, double[] accuracy) {
    }

    private TinyDecoder(Config config, Encoding encoding, Map<String, INDArray> weights, RotaryEmbedding rope,
            double[] trainingLoss) {
        this.config = config;
        this.encoding = encoding;
        this.weights = weights;
        this.rope = rope;
        this.trainingLoss = trainingLoss;
    }

    /**
     * Returns an untrained decoder with weights drawn by a generator seeded with {@code seed}: matrices
     * {@code N(0, 1/fan_in)}, {@code E ~ N(0, 1)}, biases 0, the learned table from
     * {@link LearnedPositions#random} and the relative table from {@link RelativePositions#random}
     * (both std 0.02); RoPE is {@code RotaryEmbedding.of(headDim, INTERLEAVED)}.
     */
    public static TinyDecoder init(Config config, Encoding encoding, long seed) {
        if (config == null || encoding == null) {
            throw new IllegalArgumentException("config and encoding must be given, got " + config + ", " + encoding);
        }
        Random rng = new Random(seed);
        int d = config.dModel();
        Map<String, INDArray> w = new LinkedHashMap<>();
        w.put("E", gaussian(rng, 1, config.vocab(), d));
        for (String name : new String[] {"Wq", "Wk", "Wv", "Wo"}) {
            w.put(name, gaussian(rng, 1 / Math.sqrt(d), d, d));
        }
        w.put("W1", gaussian(rng, 1 / Math.sqrt(d), d, config.mlp()));
        w.put("b1", Nd4j.zeros(DataType.FLOAT, 1, config.mlp()));
        w.put("W2", gaussian(rng, 1 / Math.sqrt(config.mlp()), config.mlp(), d));
        w.put("b2", Nd4j.zeros(DataType.FLOAT, 1, d));
        w.put("Wout", gaussian(rng, 1 / Math.sqrt(d), d, config.vocab()));
        w.put("bout", Nd4j.zeros(DataType.FLOAT, 1, config.vocab()));
        if (encoding == Encoding.LEARNED) {
            w.put("P", LearnedPositions.random(config.length(), d, seed).table().castTo(DataType.FLOAT));
        }
        if (encoding == Encoding.RELATIVE) {
            INDArray t = Nd4j.zeros(DataType.FLOAT, config.heads(), 2 * config.maxDistance() + 1);
            for (int h = 0; h < config.heads(); h++) {
                double[] row = RelativePositions.random(config.maxDistance(), 0.02, seed + h).table();
                t.putRow(h, Nd4j.createFromArray(row).castTo(DataType.FLOAT));
            }
            w.put("T", t);
        }
        RotaryEmbedding r = encoding == Encoding.ROPE ? RotaryEmbedding.of(config.headDim(), Pairing.INTERLEAVED) : null;
        return new TinyDecoder(config, encoding, w, r, new double[0]);
    }

    /** Returns the sizes. */
    public Config config() {
        return config;
    }

    /** Returns the position encoding. */
    public Encoding encoding() {
        return encoding;
    }

    /** Returns the RoPE in use (null unless the encoding is {@link Encoding#ROPE}). */
    public RotaryEmbedding rope() {
        return rope;
    }

    /**
     * Returns a copy with the same weights that rotates with {@code rope} (same head dimension): another
     * pairing, base or {@code RopeScaling}, for evaluation.
     */
    public TinyDecoder withRope(RotaryEmbedding rope) {
        if (encoding != Encoding.ROPE) {
            throw new IllegalArgumentException("withRope needs a ROPE decoder, this one is " + encoding);
        }
        if (rope == null || rope.dim() != config.headDim()) {
            throw new IllegalArgumentException("rope must have head dimension " + config.headDim() + ", got " + rope);
        }
        return new TinyDecoder(config, encoding, weights, rope, trainingLoss);
    }

    /** Returns a copy of the weights by name (float32). */
    public Map<String, INDArray> weights() {
        Map<String, INDArray> copy = new LinkedHashMap<>();
        weights.forEach((k, v) -> copy.put(k, v.dup()));
        return copy;
    }

    /**
     * Returns a copy with {@code name}'s weights replaced by {@code value} (same shape), e.g. the query
     * and key projections permuted for the other RoPE pairing.
     */
    public TinyDecoder withWeight(String name, INDArray value) {
        INDArray old = weights.get(name);
        if (old == null || value == null || !java.util.Arrays.equals(old.shape(), value.shape())) {
            throw new IllegalArgumentException("weight " + name + " must exist and keep its shape "
                    + (old == null ? "(no such weight)" : java.util.Arrays.toString(old.shape())));
        }
        Map<String, INDArray> w = new LinkedHashMap<>(weights);
        w.put(name, value.castTo(DataType.FLOAT).dup());
        return new TinyDecoder(config, encoding, w, rope, trainingLoss);
    }

    /**
     * Returns the mean loss of the last {@link #train} on its first batch before the first step and on
     * its last batch after the last step (empty if untrained).
     */
    public double[] trainingLoss() {
        return trainingLoss.clone();
    }

    /**
     * Returns a copy trained with Adam ({@code β₁ = 0.9, β₂ = 0.999, ε = 1e−8}, step size
     * {@code lr.at(s, steps)} at step {@code s}) on {@code batches [steps][batch][len+1]}, one step per
     * batch in order: inputs {@code x[0..len−1]}, targets {@code x[1..len]}, mean cross-entropy. The
     * gradient is {@link DecoderMath}'s hand-written reverse mode in double precision (tested against
     * SameDiff's {@link #gradients}); the result's weights are rounded to float32.
     */
    public TinyDecoder train(int[][][] batches, LearningRate lr) {
        if (batches == null || batches.length == 0 || batches[0].length == 0 || batches[0][0].length < 2) {
            throw new IllegalArgumentException("batches must be [steps ≥ 1][batch ≥ 1][length + 1 ≥ 2]");
        }
        if (lr == null) {
            throw new IllegalArgumentException("lr must be given, got null");
        }
        int b = batches[0].length;
        int len = batches[0][0].length - 1;
        Map<String, double[]> w = new LinkedHashMap<>();
        w.putAll(doubles());
        DecoderMath math = new DecoderMath(config, encoding, rope, w);
        DecoderMath.Tables tables = math.tables(len);
        double first = meanLoss(math, tables, batches[0]);
        Map<String, double[]> m1 = math.zeroGradients();
        Map<String, double[]> m2 = math.zeroGradients();
        double[] scratch = new double[len];
        for (int s = 0; s < batches.length; s++) {
            Map<String, double[]> g = math.zeroGradients();
            for (int[] seq : batches[s]) {
                requireSequence(seq, len);
                math.run(seq, tables, scratch, null, g, 1.0 / (b * len));
            }
            double step = lr.at(s, batches.length);
            double c1 = 1 - Math.pow(0.9, s + 1);
            double c2 = 1 - Math.pow(0.999, s + 1);
            for (String name : w.keySet()) {
                double[] x = w.get(name);
                double[] gx = g.get(name);
                double[] a = m1.get(name);
                double[] v = m2.get(name);
                for (int i = 0; i < x.length; i++) {
                    a[i] = 0.9 * a[i] + 0.1 * gx[i];
                    v[i] = 0.999 * v[i] + 0.001 * gx[i] * gx[i];
                    x[i] -= step * (a[i] / c1) / (Math.sqrt(v[i] / c2) + 1e-8);
                }
            }
        }
        double last = meanLoss(math, tables, batches[batches.length - 1]);
        Map<String, INDArray> trained = new LinkedHashMap<>();
        weights.forEach((name, arr) -> trained.put(name,
                Nd4j.createFromArray(w.get(name)).reshape(arr.shape()).castTo(DataType.FLOAT)));
        return new TinyDecoder(config, encoding, trained, rope, new double[] {first, last});
    }

    /**
     * Returns the mean loss and accuracy per position over {@code sequences [count][len+1]}, predicting
     * {@code x[t+1]} from {@code x[0..t]}, by {@link DecoderMath}'s forward pass in double precision.
     */
    public PositionScores scores(int[][] sequences) {
        if (sequences == null || sequences.length == 0 || sequences[0] == null || sequences[0].length < 2) {
            throw new IllegalArgumentException("sequences must be [count ≥ 1][length + 1 ≥ 2]");
        }
        int len = sequences[0].length - 1;
        DecoderMath math = new DecoderMath(config, encoding, rope, doubles());
        DecoderMath.Tables tables = math.tables(len);
        double[] loss = new double[len];
        double[] acc = new double[len];
        for (int[] seq : sequences) {
            requireSequence(seq, len);
            math.run(seq, tables, loss, acc, null, 0);
        }
        for (int t = 0; t < len; t++) {
            loss[t] /= sequences.length;
            acc[t] /= sequences.length;
        }
        return new PositionScores(loss, acc);
    }

    /**
     * Returns the same as {@link #scores(int[][])} computed by the SameDiff graph in float32, {@code batch}
     * sequences at a time: the reference formulation the hand-written pass is tested against.
     */
    public PositionScores graphScores(int[][] sequences, int batch) {
        if (sequences == null || sequences.length == 0 || sequences[0].length < 2) {
            throw new IllegalArgumentException("sequences must be [count ≥ 1][length + 1 ≥ 2]");
        }
        if (batch < 1 || sequences.length % batch != 0) {
            throw new IllegalArgumentException("batch must divide the " + sequences.length + " sequences, got " + batch);
        }
        int len = sequences[0].length - 1;
        Graph g = graph(batch, len);
        double[] loss = new double[len];
        double[] acc = new double[len];
        for (int start = 0; start < sequences.length; start += batch) {
            int[][] chunk = java.util.Arrays.copyOfRange(sequences, start, start + batch);
            INDArray[] xy = inputsAndTargets(chunk, batch, len);
            Map<String, INDArray> out = g.sd.output(g.feed(xy), "tokenLoss", "logits");
            INDArray tokenLoss = out.get("tokenLoss").reshape(batch, len);
            INDArray guess = out.get("logits").reshape(batch, len, config.vocab()).argMax(2);
            for (int s = 0; s < batch; s++) {
                for (int t = 0; t < len; t++) {
                    loss[t] += tokenLoss.getDouble(s, t);
                    acc[t] += guess.getLong(s, t) == chunk[s][t + 1] ? 1 : 0;
                }
            }
        }
        for (int t = 0; t < len; t++) {
            loss[t] /= sequences.length;
            acc[t] /= sequences.length;
        }
        return new PositionScores(loss, acc);
    }

    /**
     * Returns the mean cross-entropy of {@code sequences [batch][len+1]} and its gradient with respect
     * to every weight, by SameDiff's reverse mode (for gradient checks).
     */
    public Map<String, INDArray> gradients(int[][] sequences) {
        if (sequences == null || sequences.length == 0 || sequences[0].length < 2) {
            throw new IllegalArgumentException("sequences must be [batch ≥ 1][length + 1 ≥ 2], got "
                    + (sequences == null ? "null" : sequences.length == 0 ? "no sequences" : "length " + sequences[0].length));
        }
        int b = sequences.length;
        int len = sequences[0].length - 1;
        Graph g = graph(b, len);
        INDArray[] xy = inputsAndTargets(sequences, b, len);
        Map<String, INDArray> feed = g.feed(xy);
        Map<String, INDArray> grads = new LinkedHashMap<>();
        quietly(() -> grads.putAll(g.sd.calculateGradients(feed, weights.keySet())));
        grads.put("loss", g.sd.output(feed, "loss").get("loss"));
        return grads;
    }

    private record Graph(SameDiff sd, Map<String, INDArray> inputs) {
        Map<String, INDArray> feed(INDArray[] xy) {
            Map<String, INDArray> f = new LinkedHashMap<>(inputs);
            f.put("tokens", xy[0]);
            f.put("labels", xy[1]);
            return f;
        }
    }

    private Graph graph(int b, int len) {
        int d = config.dModel();
        int heads = config.heads();
        int dh = config.headDim();
        int[] pos = new int[len];
        double[] positions = new double[len];
        for (int t = 0; t < len; t++) {
            pos[t] = t;
            positions[t] = t;
        }
        Map<String, INDArray> inputs = new LinkedHashMap<>();
        SameDiff sd = SameDiff.create();
        Map<String, SDVariable> v = new LinkedHashMap<>();
        weights.forEach((name, arr) -> v.put(name, sd.var(name, arr.dup())));
        SDVariable tokens = sd.placeHolder("tokens", DataType.FLOAT, b * len, config.vocab());
        SDVariable labels = sd.placeHolder("labels", DataType.FLOAT, b, len, config.vocab());
        SDVariable mask = input(sd, inputs, "mask", causalMask(len));
        SDVariable p = input(sd, inputs, "positions", Nd4j.createFromArray(positions).castTo(DataType.FLOAT));

        SDVariable x = sd.reshape(tokens.mmul(v.get("E")), b, len, d);                    // [b, len, d]
        if (encoding == Encoding.LEARNED) {
            INDArray index = GraphEncodings.learnedIndex(pos, config.length());       // rejects t ≥ length
            INDArray oneHot = Nd4j.zeros(DataType.FLOAT, len, config.length());
            for (int t = 0; t < len; t++) {
                oneHot.putScalar(t, index.getInt(t), 1);
            }
            x = x.add(input(sd, inputs, "learnedOneHot", oneHot).mmul(v.get("P")));      // rows P[t], [len, d]
        } else if (encoding == Encoding.SINUSOIDAL) {
            x = x.add(GraphEncodings.sinusoidal(sd, p, Sinusoidal.of(d)));
        }
        SDVariable rows = sd.reshape(x, b * len, d);
        SDVariable q = heads(sd, rows.mmul(v.get("Wq")), b, len);                          // [b, H, len, dh]
        SDVariable k = heads(sd, rows.mmul(v.get("Wk")), b, len);
        SDVariable val = heads(sd, rows.mmul(v.get("Wv")), b, len);
        if (encoding == Encoding.ROPE) {
            SDVariable cos = input(sd, inputs, "cos", rope.cos(positions, DataType.FLOAT));
            SDVariable sin = input(sd, inputs, "sin", rope.sin(positions, DataType.FLOAT));
            q = GraphEncodings.rope(sd, q, cos, sin, rope);
            k = GraphEncodings.rope(sd, k, cos, sin, rope);
        }
        SDVariable scores = sd.mmul(q, k, false, true, false).div(Math.sqrt(dh)).add(mask); // [b, H, len, len]
        if (encoding == Encoding.ALIBI) {
            scores = scores.add(GraphEncodings.alibi(sd, p, heads));
        } else if (encoding == Encoding.RELATIVE) {
            SDVariable oneHot = input(sd, inputs, "relativeOneHot", GraphEncodings.relativeOneHot(pos, config.maxDistance()));
            scores = scores.add(GraphEncodings.relativeBias(sd, v.get("T"), oneHot, len));
        }
        SDVariable attended = sd.mmul(sd.nn.softmax(scores, 3), val);                      // [b, H, len, dh]
        SDVariable merged = sd.reshape(sd.permute(attended, 0, 2, 1, 3), b * len, d);
        SDVariable h = rows.add(merged.mmul(v.get("Wo")));
        SDVariable hidden = sd.nn.relu(h.mmul(v.get("W1")).add(v.get("b1")), 0);
        SDVariable y = h.add(hidden.mmul(v.get("W2")).add(v.get("b2")));
        SDVariable logits = sd.identity("logits", y.mmul(v.get("Wout")).add(v.get("bout")));  // [b·len, V]
        SDVariable target = sd.reshape(labels, b * len, config.vocab());
        SDVariable shifted = logits.sub(logits.max(true, 1));
        SDVariable logp = shifted.sub(sd.math.log(sd.math.exp(shifted).sum(true, 1)));   // log-softmax
        SDVariable tokenLoss = sd.math.neg(target.mul(logp).sum(1)).rename("tokenLoss");
        sd.mean("loss", tokenLoss);
        sd.setLossVariables("loss");
        return new Graph(sd, inputs);
    }

    /**
     * Runs {@code step} with standard output discarded: ND4J 1.0.0-M2.1 prints a line per op
     * ("Added differentiated op …") to standard output while it builds a gradient graph.
     */
    private static void quietly(Runnable step) {
        PrintStream out = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        try {
            step.run();
        } finally {
            System.setOut(out);
        }
    }

    private double meanLoss(DecoderMath math, DecoderMath.Tables tables, int[][] batch) {
        double[] loss = new double[tables.n()];
        for (int[] seq : batch) {
            requireSequence(seq, tables.n());
            math.run(seq, tables, loss, null, null, 0);
        }
        return Arrays.stream(loss).sum() / (batch.length * tables.n());
    }

    private Map<String, double[]> doubles() {
        Map<String, double[]> w = new LinkedHashMap<>();
        weights.forEach((name, arr) -> w.put(name, arr.castTo(DataType.DOUBLE).dup('c').data().asDouble()));
        return w;
    }

    private void requireSequence(int[] seq, int len) {
        if (seq == null || seq.length != len + 1) {
            throw new IllegalArgumentException("every sequence must hold " + (len + 1) + " tokens, got "
                    + (seq == null ? "null" : seq.length));
        }
        for (int tok : seq) {
            if (tok < 0 || tok >= config.vocab()) {
                throw new IllegalArgumentException("tokens must be in [0, " + config.vocab() + "), got " + tok);
            }
        }
    }

    private static SDVariable input(SameDiff sd, Map<String, INDArray> inputs, String name, INDArray value) {
        inputs.put(name, value);
        return sd.placeHolder(name, value.dataType(), value.shape());
    }

    private SDVariable heads(SameDiff sd, SDVariable rows, int b, int len) {
        return sd.permute(sd.reshape(rows, b, len, config.heads(), config.headDim()), 0, 2, 1, 3);
    }

    private INDArray[] inputsAndTargets(int[][] seqs, int b, int len) {
        float[] tokens = new float[b * len * config.vocab()];
        float[] onehot = new float[b * len * config.vocab()];
        for (int s = 0; s < b; s++) {
            if (seqs[s].length != len + 1) {
                throw new IllegalArgumentException("every sequence must hold " + (len + 1) + " tokens, sequence " + s
                        + " has " + seqs[s].length);
            }
            for (int t = 0; t < len; t++) {
                int in = seqs[s][t];
                int out = seqs[s][t + 1];
                if (in < 0 || in >= config.vocab() || out < 0 || out >= config.vocab()) {
                    throw new IllegalArgumentException("tokens must be in [0, " + config.vocab() + "), sequence " + s
                            + " holds " + (in < 0 || in >= config.vocab() ? in : out));
                }
                tokens[(s * len + t) * config.vocab() + in] = 1;
                onehot[(s * len + t) * config.vocab() + out] = 1;
            }
        }
        return new INDArray[] {
            Nd4j.createFromArray(tokens).reshape(b * len, config.vocab()),
            Nd4j.createFromArray(onehot).reshape(b, len, config.vocab())
        };
    }

    private static INDArray causalMask(int len) {
        float[] m = new float[len * len];
        for (int i = 0; i < len; i++) {
            for (int j = i + 1; j < len; j++) {
                m[i * len + j] = MASKED;
            }
        }
        return Nd4j.createFromArray(m).reshape(len, len);
    }

    private static INDArray gaussian(Random rng, double std, int rows, int cols) {
        float[] a = new float[rows * cols];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) (std * rng.nextGaussian());
        }
        return Nd4j.createFromArray(a).reshape(rows, cols);
    }

    private static void positive(String name, int n) {
        if (n < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, got " + n);
        }
    }
}
