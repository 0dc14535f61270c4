package org.ropelab.bench;

import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
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

/**
 * The memory ceiling, STREAM-style, on float arrays of the RoPE tensor's size ({@code 32·seq·128}),
 * split over the cores as the RoPE kernel is: copy {@code a = b} (8 bytes per element moved) and triad
 * {@code a = b + q·c} (12 bytes).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
@Warmup(iterations = 2, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 8, time = 250, timeUnit = TimeUnit.MILLISECONDS)
public class StreamBench {
    private static final int CHUNK = 1 << 16;

    @Param({"512", "4096", "32768"})
    int seq;

    float[] a;
    float[] b;
    float[] c;

    @Setup
    public void setUp() {
        int n = RopeBench.HEADS * seq * RopeBench.DIM;
        a = new float[n];
        b = new float[n];
        c = new float[n];
        for (int i = 0; i < n; i++) {
            b[i] = i % 7;
            c[i] = i % 5;
        }
    }

    @Benchmark
    public float[] copy() {
        IntStream.range(0, chunks()).parallel().forEach(k -> {
            int from = k * CHUNK;
            System.arraycopy(b, from, a, from, Math.min(CHUNK, a.length - from));
        });
        return a;
    }

    @Benchmark
    public float[] triad() {
        float q = 3;
        IntStream.range(0, chunks()).parallel().forEach(k -> {
            int to = Math.min(a.length, (k + 1) * CHUNK);
            for (int i = k * CHUNK; i < to; i++) {
                a[i] = b[i] + q * c[i];
            }
        });
        return a;
    }

    private int chunks() {
        return (a.length + CHUNK - 1) / CHUNK;
    }
}
