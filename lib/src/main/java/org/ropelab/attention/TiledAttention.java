package org.ropelab.attention;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Scaled dot-product attention {@code softmax(QKᵀ/√d + B + M)·V} without the {@code seq × seq} scores:
 * FlashAttention-2's schedule on the CPU. The queries are cut into blocks of {@link #ROWS} rows, the keys
 * into tiles; each block meets the tiles in turn and keeps, per row, the running maximum {@code m}, the
 * running sum {@code ℓ} of {@code exp(s − m)} and the unnormalised output, rescaled by {@code e^{m−m'}} when
 * the maximum grows (the online softmax); causal blocks stop at the diagonal. Memory beyond the inputs and
 * the output: the keys and values packed once ({@code O(seq·d)}) and a block's scratch per core.
 *
 * <p>{@code q [b, hq, sq, d]}, {@code k [b, hkv, sk, d]}, {@code v [b, hkv, sk, dv]}, all FLOAT or all DOUBLE,
 * with {@code hkv} dividing {@code hq}: query head {@code h} reads key/value head {@code h / (hq/hkv)}
 * (grouped-query attention; {@code hkv = hq} is multi-head attention). The mask {@code M} is causal
 * ({@code j ≤ i}) and/or a padding of the keys ({@code j < lengths[b]}); {@code B} an {@link OffsetBias}.
 * Float tensors are computed in float with the Vector API when its module is present and C2 compiles,
 * otherwise in double with plain loops; double tensors in double.
 */
public final class TiledAttention {
    /** Query rows per block: a block's queries and outputs (64 KB each at d = 128 in float) stay in L2 beside a tile. */
    static final int ROWS = 128;
    /** Query rows per register block, interleaved in the packed q: {@code [rows/GROUP][d][GROUP]}. */
    static final int GROUP = 4;
    private static final boolean VECTOR = vectorModule();

    /** A map applied to every query and key row as it is read (e.g. RoPE's rotation), at its sequence index {@code s}. */
    public interface RowMap {
        /** Maps {@code row[at … at + d)} of sequence index {@code s} in place (float rows). */
        void map(float[] row, int at, int s);

        /** Maps {@code row[at … at + d)} of sequence index {@code s} in place (double rows). */
        void map(double[] row, int at, int s);
    }

    private TiledAttention() {
    }

    /**
     * Returns {@code softmax(QKᵀ/√d + B + M)·V}, {@code [b, hq, sq, dv]} in the type of q; {@code bias} and
     * {@code lengths} (one key length per batch row, in {@code [1, sk]}) may be null. Causal needs {@code sq = sk}.
     */
    public static INDArray attend(INDArray q, INDArray k, INDArray v, boolean causal, OffsetBias bias, int[] lengths) {
        return attend(q, k, v, causal, bias, lengths, null);
    }

    /** As {@link #attend(INDArray, INDArray, INDArray, boolean, OffsetBias, int[])}, with {@code map} (or null) applied to q's and k's rows first. */
    public static INDArray attend(INDArray q, INDArray k, INDArray v, boolean causal, OffsetBias bias, int[] lengths, RowMap map) {
        Shape shape = Shape.of(q, k, v, causal, bias, lengths);
        return new Job(shape, q, k, v, causal, bias, lengths, map).run();
    }

    /** Returns whether the float kernel runs on the Vector API (module {@code jdk.incubator.vector} present, C2 on). */
    public static boolean vectorized() {
        return VECTOR;
    }

    /** The sizes of one call, checked. */
    private record Shape(DataType type, int b, int hq, int sq, int d, int hkv, int sk, int dv) {
        static Shape of(INDArray q, INDArray k, INDArray v, boolean causal, OffsetBias bias, int[] lengths) {
            requireRank4("q", q, "[batch, heads, seq, d]");
            requireRank4("k", k, "[batch, kvHeads, seq, d]");
            requireRank4("v", v, "[batch, kvHeads, seq, dv]");
            DataType type = q.dataType();
            if (type != DataType.FLOAT && type != DataType.DOUBLE || k.dataType() != type || v.dataType() != type) {
                throw new IllegalArgumentException("q, k and v must all hold FLOAT or all DOUBLE, got " + q.dataType() + ", "
                        + k.dataType() + " and " + v.dataType());
            }
            if (k.size(0) != q.size(0) || v.size(0) != q.size(0) || k.size(3) != q.size(3) || v.size(1) != k.size(1)
                    || v.size(2) != k.size(2)) {
                throw new IllegalArgumentException("q [b, hq, sq, d], k [b, hkv, sk, d] and v [b, hkv, sk, dv] must agree, got q "
                        + Arrays.toString(q.shape()) + ", k " + Arrays.toString(k.shape()) + ", v " + Arrays.toString(v.shape()));
            }
            if (q.size(1) % k.size(1) != 0) {
                throw new IllegalArgumentException("k's heads must divide q's heads (grouped-query attention), got " + k.size(1)
                        + " and " + q.size(1));
            }
            for (INDArray a : new INDArray[] {q, k, v}) {
                if (a.length() > Integer.MAX_VALUE / 2) {
                    throw new IllegalArgumentException("q, k and v must have fewer than 2^30 elements each, got " + a.length());
                }
            }
            if (causal && q.size(2) != k.size(2)) {
                throw new IllegalArgumentException("causal attention needs as many queries as keys, got sq = " + q.size(2)
                        + " and sk = " + k.size(2));
            }
            int sq = (int) q.size(2);
            int sk = (int) k.size(2);
            if (bias != null) {
                if (bias.heads() != 1 && bias.heads() != q.size(1)) {
                    throw new IllegalArgumentException("bias must have 1 head or one per query head (" + q.size(1) + "), got " + bias.heads());
                }
                if (bias.reach() < Math.max(sq, sk) - 1) {
                    throw new IllegalArgumentException("bias must define offsets up to ±" + (Math.max(sq, sk) - 1) + ", got ±" + bias.reach());
                }
            }
            if (lengths != null) {
                if (lengths.length != q.size(0)) {
                    throw new IllegalArgumentException("lengths must hold one key length per batch row (" + q.size(0) + "), got " + lengths.length);
                }
                for (int b = 0; b < lengths.length; b++) {
                    if (lengths[b] < 1 || lengths[b] > sk) {
                        throw new IllegalArgumentException("lengths[" + b + "] must be between 1 and sk = " + sk + ", got " + lengths[b]);
                    }
                }
            }
            return new Shape(type, (int) q.size(0), (int) q.size(1), sq, (int) q.size(3), (int) k.size(1), sk, (int) v.size(3));
        }
    }

    /** One call: the packed keys and values, the bias rows, the output, and the work units. */
    private static final class Job {
        private final Shape n;
        private final boolean causal;
        private final int[] lengths;
        private final RowMap map;
        private final boolean single;
        private final int bc;
        private final int tiles;
        private final int zero;
        private final int strip;
        private final int dvp;
        private final Tensor q;
        private final Tensor k;
        private final Tensor v;
        private final INDArray result;
        private final Tensor out;
        private final float[][] ktF;
        private final float[][] vF;
        private final float[][] biasF;
        private final double[][] ktD;
        private final double[][] vD;
        private final double[][] biasD;

        Job(Shape n, INDArray q, INDArray k, INDArray v, boolean causal, OffsetBias bias, int[] lengths, RowMap map) {
            this.n = n;
            this.causal = causal;
            this.lengths = lengths == null ? null : lengths.clone();
            this.map = map;
            this.single = n.type() == DataType.FLOAT && VECTOR;
            this.bc = single ? FloatTiles.keys() : VECTOR ? DoubleTiles.keys() : ScalarTiles.keys();
            this.strip = single ? FloatTiles.strip() : VECTOR ? DoubleTiles.strip() : ScalarTiles.strip();
            this.tiles = (n.sk() + bc - 1) / bc;
            this.zero = n.sq() - 1;
            this.q = new Tensor(q);
            this.k = new Tensor(k);
            this.v = new Tensor(v);
            this.result = UninitializedTensors.of(n.type(), n.b(), n.hq(), n.sq(), n.dv());
            this.out = new Tensor(result);
            int groups = n.b() * n.hkv();
            int keys = tiles * bc;
            this.dvp = (n.dv() + strip - 1) / strip * strip;
            ktF = single ? new float[groups][keys * n.d()] : null;
            vF = single ? new float[groups][keys * dvp] : null;
            ktD = single ? null : new double[groups][keys * n.d()];
            vD = single ? null : new double[groups][keys * dvp];
            int biasHeads = bias == null ? 0 : bias.heads();
            biasF = single && bias != null ? new float[biasHeads][] : null;
            biasD = !single && bias != null ? new double[biasHeads][] : null;
            for (int h = 0; h < biasHeads; h++) {
                double[] row = new double[n.sq() + n.sk() - 1 + bc];      // entry j − i + (sq − 1); the tile's padding keys 0
                for (int x = 0; x < n.sq() + n.sk() - 1; x++) {
                    row[x] = bias.at(h, zero - x);
                }
                if (single) {
                    biasF[h] = new float[row.length];
                    for (int x = 0; x < row.length; x++) {
                        biasF[h][x] = (float) row[x];
                    }
                } else {
                    biasD[h] = row;
                }
            }
        }

        INDArray run() {
            long work = (long) n.b() * n.hq() * n.sq() * n.sk() * (n.d() + n.dv());
            boolean parallel = work >= 1L << 22;
            each(n.b() * n.hkv(), parallel, this::pack);
            int blocks = (n.sq() + ROWS - 1) / ROWS;
            int heads = n.b() * n.hq();
            // head by head (the cores share its packed keys and values in cache), its heaviest blocks first (causal:
            // the last rows see the most keys), taken one at a time by each core
            each(heads * blocks, parallel, u -> block(u / blocks, blocks - 1 - u % blocks));
            return result;
        }

        /**
         * Packs key/value head {@code g = b·hkv + h}: keys mapped and transposed tile by tile ({@code [tile][d][bc]}),
         * values in column strips ({@code [tile][dvp/strip][bc][strip]}); padding keys and columns stay 0.
         */
        private void pack(int g) {
            int d = n.d();
            int dv = n.dv();
            long kRow = (long) g * n.sk();
            if (single) {
                float[] row = new float[Math.max(d, dv)];
                for (int j = 0; j < n.sk(); j++) {
                    k.read((kRow + j) * d, row, 0, d);
                    if (map != null) {
                        map.map(row, 0, j);
                    }
                    int at = (j / bc) * d * bc + j % bc;
                    for (int x = 0; x < d; x++) {
                        ktF[g][at + x * bc] = row[x];
                    }
                    v.read((kRow + j) * dv, row, 0, dv);
                    int vAt = (j / bc) * dvp * bc + (j % bc) * strip;
                    for (int c = 0; c < dv; c += strip) {
                        System.arraycopy(row, c, vF[g], vAt + c * bc, Math.min(strip, dv - c));
                    }
                }
            } else {
                double[] row = new double[Math.max(d, dv)];
                for (int j = 0; j < n.sk(); j++) {
                    k.read((kRow + j) * d, row, 0, d);
                    if (map != null) {
                        map.map(row, 0, j);
                    }
                    int at = (j / bc) * d * bc + j % bc;
                    for (int x = 0; x < d; x++) {
                        ktD[g][at + x * bc] = row[x];
                    }
                    v.read((kRow + j) * dv, row, 0, dv);
                    int vAt = (j / bc) * dvp * bc + (j % bc) * strip;
                    for (int c = 0; c < dv; c += strip) {
                        System.arraycopy(row, c, vD[g], vAt + c * bc, Math.min(strip, dv - c));
                    }
                }
            }
        }

        /** Runs query block {@code qb} of head {@code bh = b·hq + h}. */
        private void block(int bh, int qb) {
            int b = bh / n.hq();
            int h = bh % n.hq();
            int g = b * n.hkv() + h / (n.hq() / n.hkv());
            int i0 = qb * ROWS;
            int rows = Math.min(ROWS, n.sq() - i0);
            int d = n.d();
            int dv = n.dv();
            int limit = lengths == null ? n.sk() : lengths[b];
            int biasHead = Math.min(h, (biasF != null ? biasF.length : biasD != null ? biasD.length : 1) - 1);
            long qAt = ((long) bh * n.sq() + i0) * d;
            long oAt = ((long) bh * n.sq() + i0) * dv;
            double scale = 1 / Math.sqrt(d);
            if (single) {
                Scratch.F s = Scratch.floats(d, dvp, bc);
                q.read(qAt, s.q, 0, rows * d);
                java.util.Arrays.fill(s.qp, 0, (rows + GROUP - 1) / GROUP * GROUP * d, 0f);
                for (int r = 0; r < rows; r++) {
                    if (map != null) {
                        map.map(s.q, r * d, i0 + r);
                    }
                    int at = (r / GROUP) * GROUP * d + r % GROUP;       // [group][x][row in group]
                    for (int x = 0; x < d; x++) {
                        s.qp[at + x * GROUP] = s.q[r * d + x] * (float) scale;
                    }
                }
                FloatTiles.block(s.qp, rows, d, ktF[g], vF[g], dvp, i0, limit, causal,
                        biasF == null ? null : biasF[biasHead], zero, s.s, s.o, s.m, s.l);
                for (int r = 0; r < rows; r++) {
                    out.write(oAt + (long) r * dv, s.o, r * dvp, dv);
                }
            } else {
                Scratch.D s = Scratch.doubles(d, dvp, bc);
                q.read(qAt, s.q, 0, rows * d);
                java.util.Arrays.fill(s.qp, 0, (rows + GROUP - 1) / GROUP * GROUP * d, 0);
                for (int r = 0; r < rows; r++) {
                    if (map != null) {
                        map.map(s.q, r * d, i0 + r);
                    }
                    int at = (r / GROUP) * GROUP * d + r % GROUP;
                    for (int x = 0; x < d; x++) {
                        s.qp[at + x * GROUP] = s.q[r * d + x] * scale;
                    }
                }
                double[] biasRow = biasD == null ? null : biasD[biasHead];
                if (VECTOR) {
                    DoubleTiles.block(s.qp, rows, d, ktD[g], vD[g], dvp, i0, limit, causal, biasRow, zero, s.s, s.o, s.m, s.l);
                } else {
                    ScalarTiles.block(s.qp, rows, d, ktD[g], vD[g], dvp, i0, limit, causal, biasRow, zero, s.s, s.o, s.m, s.l);
                }
                for (int r = 0; r < rows; r++) {
                    out.write(oAt + (long) r * dv, s.o, r * dvp, dv);
                }
            }
        }
    }

    /** Runs {@code task} for {@code 0 … count−1}, on every core (each taking the next index) when {@code parallel}. */
    private static void each(int count, boolean parallel, IntConsumer task) {
        if (!parallel || count == 1) {
            for (int u = 0; u < count; u++) {
                task.accept(u);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        int workers = Math.min(count, Runtime.getRuntime().availableProcessors());
        IntStream.range(0, workers).parallel().forEach(w -> {
            for (int u = next.getAndIncrement(); u < count; u = next.getAndIncrement()) {
                task.accept(u);
            }
        });
    }

    /** A block's scratch, one per thread, grown to the largest sizes seen. */
    private static final class Scratch {
        private static final ThreadLocal<F> FLOATS = new ThreadLocal<>();
        private static final ThreadLocal<D> DOUBLES = new ThreadLocal<>();

        record F(float[] q, float[] qp, float[] s, float[] o, float[] m, float[] l) {
        }

        record D(double[] q, double[] qp, double[] s, double[] o, double[] m, double[] l) {
        }

        static F floats(int d, int dv, int bc) {
            F f = FLOATS.get();
            if (f == null || f.q.length < ROWS * d || f.o.length < ROWS * dv || f.s.length < ROWS * bc) {
                f = new F(new float[ROWS * d], new float[ROWS * d], new float[ROWS * bc], new float[ROWS * dv], new float[ROWS], new float[ROWS]);
                FLOATS.set(f);
            }
            return f;
        }

        static D doubles(int d, int dv, int bc) {
            D f = DOUBLES.get();
            if (f == null || f.q.length < ROWS * d || f.o.length < ROWS * dv || f.s.length < ROWS * bc) {
                f = new D(new double[ROWS * d], new double[ROWS * d], new double[ROWS * bc], new double[ROWS * dv], new double[ROWS],
                        new double[ROWS]);
                DOUBLES.set(f);
            }
            return f;
        }
    }

    /** A tensor's elements in C order through its buffer (a dense copy if it is a strided view). */
    private static final class Tensor {
        private final ByteBuffer bytes;
        private final long offset;
        private final boolean single;

        Tensor(INDArray a) {
            INDArray dense = isDense(a) ? a : a.dup('c');
            this.bytes = dense.data().asNio().order(ByteOrder.nativeOrder());
            this.offset = dense.offset();
            this.single = dense.dataType() == DataType.FLOAT;
        }

        void read(long index, float[] to, int at, int count) {
            bytes.asFloatBuffer().get((int) (offset + index), to, at, count);
        }

        void read(long index, double[] to, int at, int count) {
            if (single) {
                int base = (int) (offset + index);
                for (int x = 0; x < count; x++) {
                    to[at + x] = bytes.getFloat(4 * (base + x));
                }
            } else {
                bytes.asDoubleBuffer().get((int) (offset + index), to, at, count);
            }
        }

        void write(long index, float[] from, int at, int count) {
            bytes.asFloatBuffer().put((int) (offset + index), from, at, count);
        }

        void write(long index, double[] from, int at, int count) {
            if (single) {
                int base = (int) (offset + index);
                for (int x = 0; x < count; x++) {
                    bytes.putFloat(4 * (base + x), (float) from[at + x]);
                }
            } else {
                bytes.asDoubleBuffer().put((int) (offset + index), from, at, count);
            }
        }

        /** Returns whether {@code a}'s elements are laid out as a C-ordered array (axes of size 1 have any stride). */
        private static boolean isDense(INDArray a) {
            long step = 1;
            for (int x = a.rank() - 1; x >= 0; x--) {
                if (a.size(x) > 1 && a.stride(x) != step) {
                    return false;
                }
                step *= a.size(x);
            }
            return true;
        }
    }

    private static void requireRank4(String name, INDArray a, String layout) {
        if (a == null || a.rank() != 4) {
            throw new IllegalArgumentException(name + " must be " + layout + " (rank 4), got " + (a == null ? "null" : Arrays.toString(a.shape())));
        }
    }

    /** As {@code RotaryTables}: the Vector API when its module is present, not turned off ({@code -Dropelab.vector=false}) and C2 compiles. */
    private static boolean vectorModule() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty() || "false".equals(System.getProperty("ropelab.vector"))) {
            return false;
        }
        try {
            var vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            return vm == null || Integer.parseInt(vm.getVMOption("TieredStopAtLevel").getValue()) >= 4
                    || !Boolean.parseBoolean(vm.getVMOption("TieredCompilation").getValue());
        } catch (RuntimeException e) {
            return true;
        }
    }
}
