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
import org.ropelab.rope.Pairing;
import org.ropelab.rope.RotaryEmbedding;
import org.ropelab.rope.RotaryTables;

/**
 * What the production path is compared with, on the same float32 {@code [1, 32, seq, 128]}: the dense
 * block-matrix path (C000-28, {@code applyDense}, matrices built per call as it does) at seq 512 only,
 * the former ND4J element-wise chain ({@code applyElementWise}) and building the tables.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
@Warmup(iterations = 1, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 2, time = 500, timeUnit = TimeUnit.MILLISECONDS)
public class BaselineBench {
    @Param({"512", "4096", "32768"})
    int seq;

    @Param({"INTERLEAVED", "HALF_SPLIT"})
    Pairing pairing;

    INDArray x;
    double[] positions;
    RotaryEmbedding rope;

    @Setup
    public void setUp() {
        Nd4j.getRandom().setSeed(8);
        x = Nd4j.rand(DataType.FLOAT, 1, RopeBench.HEADS, seq, RopeBench.DIM);
        positions = RopeBench.positions(seq);
        rope = RotaryEmbedding.of(RopeBench.DIM, pairing);
    }

    /** Run at seq 512 only (`make bench` passes -p seq=512 for it): it does d/2 times the arithmetic and builds seq·d² matrices. */
    @Benchmark
    public INDArray dense() {
        return rope.applyDense(x, positions);
    }

    @Benchmark
    public INDArray elementWise() {
        return rope.applyElementWise(x, positions);
    }

    /** Builds new tables every call ({@code RotaryTables.of}; {@code rope.tables} would return the embedding's last ones). */
    @Benchmark
    public RotaryTables tables() {
        return RotaryTables.of(rope, positions, DataType.FLOAT);
    }
}
