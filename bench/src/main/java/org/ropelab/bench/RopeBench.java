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
 * RoPE's production path on float32 {@code [1, 32, seq, 128]} at positions {@code 0 … seq−1}, in every mode
 * a caller writes: into a preallocated output and in place (tables built once in the set-up), a new tensor
 * ({@code tables.apply(x)}), and one call with the tables ({@code rope.apply(x, positions)}, which reuses the
 * embedding's last tables for equal positions).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
@Warmup(iterations = 2, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 8, time = 250, timeUnit = TimeUnit.MILLISECONDS)
public class RopeBench {
    static final int HEADS = 32;
    static final int DIM = 128;

    @Param({"512", "4096", "32768"})
    int seq;

    @Param({"INTERLEAVED", "HALF_SPLIT"})
    Pairing pairing;

    INDArray x;
    INDArray out;
    RotaryTables tables;
    RotaryEmbedding rope;
    double[] positions;

    @Setup
    public void setUp() {
        Nd4j.getRandom().setSeed(8);
        x = Nd4j.rand(DataType.FLOAT, 1, HEADS, seq, DIM);
        out = Nd4j.createUninitialized(DataType.FLOAT, x.shape(), 'c');
        rope = RotaryEmbedding.of(DIM, pairing);
        positions = positions(seq);
        tables = RotaryEmbedding.of(DIM, pairing).tables(positions, DataType.FLOAT);
        if (!RotaryTables.vectorized()) {
            throw new IllegalStateException("expected the Vector API kernel (--add-modules jdk.incubator.vector)");
        }
    }

    @Benchmark
    public INDArray outOfPlace() {
        return tables.apply(x, out);
    }

    @Benchmark
    public INDArray inPlace() {
        return tables.applyInPlace(x);
    }

    @Benchmark
    public INDArray newTensor() {
        return tables.apply(x);
    }

    @Benchmark
    public INDArray oneCall() {
        return rope.apply(x, positions);
    }

    static double[] positions(int seq) {
        double[] p = new double[seq];
        for (int s = 0; s < seq; s++) {
            p[s] = s;
        }
        return p;
    }
}
