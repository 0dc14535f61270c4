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
import org.ropelab.attention.TiledAttention;
import org.ropelab.rope.Pairing;
import org.ropelab.rope.RotaryEmbedding;
import org.ropelab.rope.RotaryTables;
import org.ropelab.rope.TiledRopeAttention;

/**
 * Causal RoPE attention forward on {@code [1, 4, seq, 128]} (after the projections), tables built once:
 * the tiled forward with the rotation fused ({@code TiledRopeAttention}), and the explicit path
 * ({@code Attention.attend} of the rotated q and k with the causal mask, seq ≤ 2048: it holds the scores).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
@Warmup(iterations = 3, time = 1, timeUnit = TimeUnit.SECONDS)      // at seq 8192 a call takes ~1 s: C2 needs a few
@Measurement(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)
public class AttentionBench {
    static final int HEADS = 4;

    @Param({"512", "2048", "8192"})
    int seq;

    @Param({"FLOAT", "DOUBLE"})
    String type;

    RotaryTables tables;
    INDArray q;
    INDArray k;
    INDArray v;
    INDArray mask;

    @Setup
    public void setUp() {
        Nd4j.getRandom().setSeed(8);
        DataType t = DataType.valueOf(type);
        tables = RotaryEmbedding.of(RopeBench.DIM, Pairing.HALF_SPLIT).tables(RopeBench.positions(seq), t);
        q = Nd4j.randn(t, 1, HEADS, seq, RopeBench.DIM);
        k = Nd4j.randn(t, 1, HEADS, seq, RopeBench.DIM);
        v = Nd4j.randn(t, 1, HEADS, seq, RopeBench.DIM);
        mask = seq <= 2048 ? Attention.causalMask(seq) : null;
        if (!TiledAttention.vectorized()) {
            throw new IllegalStateException("expected the Vector API kernel (--add-modules jdk.incubator.vector)");
        }
    }

    @Benchmark
    public INDArray tiled() {
        return TiledRopeAttention.attend(tables, q, k, v, null, null);
    }

    /** Run at seq ≤ 2048 only (`make bench` passes -p seq=512,2048): the scores are [1, 4, seq, seq] doubles. */
    @Benchmark
    public INDArray explicit() {
        return Attention.attend(tables.apply(q), tables.apply(k), v, null, mask);
    }
}
