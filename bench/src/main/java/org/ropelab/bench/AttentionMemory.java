package org.ropelab.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ropelab.rope.Pairing;
import org.ropelab.rope.RotaryEmbedding;
import org.ropelab.rope.RotaryTables;
import org.ropelab.rope.TiledRopeAttention;

/**
 * The memory check of the tiled forward: float32 causal RoPE attention on {@code [1, 4, seq, 128]} at each
 * seq given, once each (after one call at seq 512 to compile), printing per seq the time, the growth of the
 * process's peak resident memory (VmHWM) over the inputs, and what the explicit path's float64 scores alone
 * would take ({@code 4·seq²·8} bytes). Usage: {@code AttentionMemory OUT.json seq…}.
 */
public final class AttentionMemory {
    private AttentionMemory() {
    }

    public static void main(String[] args) throws Exception {
        StringBuilder json = new StringBuilder("[");
        run(512);
        for (int a = 1; a < args.length; a++) {
            int seq = Integer.parseInt(args[a]);
            double[] r = run(seq);
            String row = String.format(Locale.ROOT, "{\"seq\": %d, \"ms\": %.1f, \"inputs_mib\": %.1f, \"peak_growth_mib\": %.1f, "
                    + "\"explicit_scores_mib\": %.1f}", seq, r[0], r[1], r[2], 4.0 * seq * seq * 8 / (1 << 20));
            System.out.println(row);
            json.append(a > 1 ? ",\n" : "\n").append(row);
        }
        Files.writeString(Path.of(args[0]), json.append("\n]\n").toString());
    }

    /** Returns {ms, MiB of q, k, v and output, MiB the peak resident memory grew by during the call}. */
    private static double[] run(int seq) throws Exception {
        Nd4j.getRandom().setSeed(8);
        RotaryTables tables = RotaryEmbedding.of(RopeBench.DIM, Pairing.HALF_SPLIT).tables(RopeBench.positions(seq), DataType.FLOAT);
        INDArray q = Nd4j.randn(DataType.FLOAT, 1, AttentionBench.HEADS, seq, RopeBench.DIM);
        INDArray k = Nd4j.randn(DataType.FLOAT, 1, AttentionBench.HEADS, seq, RopeBench.DIM);
        INDArray v = Nd4j.randn(DataType.FLOAT, 1, AttentionBench.HEADS, seq, RopeBench.DIM);
        long before = peakKiB();
        long t0 = System.nanoTime();
        INDArray out = TiledRopeAttention.attend(tables, q, k, v, null, null);
        long t1 = System.nanoTime();
        long after = peakKiB();
        double inputs = 4.0 * q.length() * 4 / (1 << 20);
        if (out.isNaN().any()) {
            throw new IllegalStateException("NaN in the output at seq " + seq);
        }
        return new double[] {(t1 - t0) / 1e6, inputs, (after - before) / 1024.0};
    }

    private static long peakKiB() throws Exception {
        return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmHWM:"))
                .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElseThrow();
    }
}
