package org.ropelab.bench;

import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.ropelab.attention.Attention;
import org.ropelab.rope.Pairing;
import org.ropelab.rope.RotaryEmbedding;
import org.ropelab.rope.RotaryTables;

/**
 * The steps of notebook 08's RoPE attention forward ({@code RopeAttention.steps} after the projections,
 * float64 as there, causal) on {@code [1, 4, seq, 128]}: rotation of q and k (tables included), QKᵀ,
 * softmax, ·V; and ND4J's own 2-D gemm on the same per-head shapes for the matmuls' GFLOP/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
@Warmup(iterations = 1, time = 200, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 2, time = 200, timeUnit = TimeUnit.MILLISECONDS)
public class AttentionBench {
    static final int HEADS = 4;

    @Param({"512", "2048", "4096"})
    int seq;

    RotaryEmbedding rope;
    double[] positions;
    INDArray q;
    INDArray k;
    INDArray v;
    INDArray mask;
    INDArray scores;
    INDArray weights;
    INDArray[] q2;
    INDArray[] k2;
    INDArray[] v2;
    INDArray[] w2;
    INDArray[] s2;
    INDArray[] o2;

    @Setup
    public void setUp() {
        Nd4j.getRandom().setSeed(8);
        rope = RotaryEmbedding.of(RopeBench.DIM, Pairing.HALF_SPLIT);
        positions = RopeBench.positions(seq);
        q = Nd4j.randn(DataType.DOUBLE, 1, HEADS, seq, RopeBench.DIM);
        k = Nd4j.randn(DataType.DOUBLE, 1, HEADS, seq, RopeBench.DIM);
        v = Nd4j.randn(DataType.DOUBLE, 1, HEADS, seq, RopeBench.DIM);
        mask = Attention.causalMask(seq);
        scores = Attention.scores(rotation()[0], rotation()[1]);
        weights = Attention.weights(scores, mask);
        q2 = new INDArray[HEADS];
        k2 = new INDArray[HEADS];
        v2 = new INDArray[HEADS];
        w2 = new INDArray[HEADS];
        s2 = new INDArray[HEADS];
        o2 = new INDArray[HEADS];
        for (int h = 0; h < HEADS; h++) {
            q2[h] = q.slice(0).slice(h).dup('c');
            k2[h] = k.slice(0).slice(h).dup('c');
            v2[h] = v.slice(0).slice(h).dup('c');
            w2[h] = weights.slice(0).slice(h).dup('c');
            s2[h] = Nd4j.create(DataType.DOUBLE, seq, seq);
            o2[h] = Nd4j.create(DataType.DOUBLE, seq, RopeBench.DIM);
        }
    }

    @Benchmark
    public INDArray[] rotation() {
        RotaryTables tables = rope.tables(positions, DataType.DOUBLE);
        return new INDArray[] {tables.apply(q), tables.apply(k)};
    }

    @Benchmark
    public INDArray qk() {
        return Attention.scores(q, k);
    }

    @Benchmark
    public INDArray softmax() {
        return Attention.weights(scores, mask);
    }

    @Benchmark
    public INDArray pv() {
        return Attention.output(weights, v);
    }

    @Benchmark
    public INDArray[] gemmQk() {
        for (int h = 0; h < HEADS; h++) {
            Nd4j.gemm(q2[h], k2[h], s2[h], false, true, 1.0, 0.0);
        }
        return s2;
    }

    @Benchmark
    public INDArray[] gemmPv() {
        for (int h = 0; h < HEADS; h++) {
            Nd4j.gemm(w2[h], v2[h], o2[h], false, false, 1.0, 0.0);
        }
        return o2;
    }
}
