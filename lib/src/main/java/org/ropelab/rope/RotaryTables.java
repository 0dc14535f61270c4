package org.ropelab.rope;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.ropelab.attention.UninitializedTensors;

/**
 * The cos and sin tables of a {@link RotaryEmbedding} for one list of positions, and the kernel
 * that applies them to {@code [batch, heads, seq, d]} tensors in their backing buffers (RoPE's
 * production path). Entry {@code (s, i)} is {@code c = a(L)·cos(p_s·θ'_i)},
 * {@code s = a(L)·sin(p_s·θ'_i)} with {@code θ' = rope.thetas(L)}, {@code a = rope.attentionFactor(L)}
 * and {@code L = RotaryEmbedding.sequenceLength(positions)}, computed in double precision and rounded
 * once to the tensor type. Pair {@code (u, v)} of the vector at sequence index {@code s} becomes
 * {@code (u·c − v·s, v·c + u·s)}; the {@code d − r} unrotated components pass unchanged.
 *
 * <p>An explicit object: the caller decides how long tables live (one per layer's positions, reused
 * across heads, batches, q and k and calls). {@code RotaryEmbedding} also keeps the last tables it built
 * and reuses them for a call at equal positions, so that {@code rope.apply(x, positions)} in a loop
 * does not rebuild them. Immutable and thread-safe. Large tensors are rotated on every core (the common fork-join pool),
 * small ones on the calling thread; the kernel allocates nothing per element.
 */
public final class RotaryTables {
    /**
     * Sequence rows per work unit: its table rows (256 KB at r = 128 in float) stay in L2, and each head's
     * 256 KB of x is one contiguous run. Measured on float32 [1, 32, 32768, 128] (2 cores, best of 12, five
     * rounds): 512–2048 rows rotated in place in 18–21 ms, 128 rows in 22–28 ms.
     */
    private static final int ROWS = 512;
    /**
     * Heads rotated together per table row: each table vector loaded is used on this many heads, in place and out
     * of place (two memory streams per head, x and out). Measured on float32 [1, 32, 32768, 128] (2 cores, 512
     * rows per unit, medians of 8 rounds): in place, four heads 21.5 ms and two 21.7–24.2 ms; out of place, two
     * heads 33.3–33.6 ms and four 36.7–37.7 ms. Earlier, with one head per load, the kernel ran at about 25 GB/s.
     */
    private static final int HEADS_IN_PLACE = 4;
    private static final int HEADS_OUT_OF_PLACE = 2;
    /** Below this many elements a call stays on the calling thread. */
    private static final long PARALLEL_ELEMENTS = 1L << 17;
    /** The Vector API kernel when its module is present and C2 compiles (off with {@code -Dropelab.vector=false}). */
    private static final boolean VECTOR = vectorModule();

    private final RotaryEmbedding rope;
    private final DataType type;
    private final int seq;
    private final int half;
    private final int dim;
    private final boolean interleaved;
    /**
     * {@code r} entries per position: interleaved {@code (c₀, s₀, c₁, s₁, …)}, the pairs as complex numbers
     * beside x's pairs; half-split {@code (c₀ … c_{r/2−1}, s₀ … s_{r/2−1})} beside x's two halves.
     */
    private final float[] tableF;
    private final double[] tableD;
    /** A copy of the positions the tables were built for, to tell whether they serve another call. */
    private final double[] positions;

    private RotaryTables(RotaryEmbedding rope, double[] positions, DataType type) {
        if (type != DataType.FLOAT && type != DataType.DOUBLE) {
            throw new IllegalArgumentException("type must be FLOAT or DOUBLE, got " + type);
        }
        long length = RotaryEmbedding.sequenceLength(positions);
        double[] thetas = rope.thetas(length);
        double factor = rope.attentionFactor(length);
        this.rope = rope;
        this.type = type;
        this.positions = positions.clone();
        this.seq = positions.length;
        this.half = rope.rotaryDim() / 2;
        this.dim = rope.dim();
        this.interleaved = rope.pairing() == Pairing.INTERLEAVED;
        int r = 2 * half;
        double[] t = new double[seq * r];
        IntStream rows = IntStream.range(0, seq);
        (seq * (long) half < PARALLEL_ELEMENTS / 8 ? rows : rows.parallel()).forEach(p -> {   // cos and sin are ~40× a multiply
            for (int i = 0; i < half; i++) {
                double angle = positions[p] * thetas[i];
                t[cosIndex(p, i)] = factor * Math.cos(angle);
                t[sinIndex(p, i)] = factor * Math.sin(angle);
            }
        });
        boolean single = type == DataType.FLOAT;
        this.tableD = single ? null : t;
        this.tableF = single ? toFloats(t) : null;
    }

    /**
     * Returns the tables of {@code rope} for {@code positions} (one per sequence index, finite),
     * rounded to {@code type} (FLOAT or DOUBLE).
     */
    public static RotaryTables of(RotaryEmbedding rope, double[] positions, DataType type) {
        if (rope == null) {
            throw new IllegalArgumentException("rope must be a RotaryEmbedding, got null");
        }
        RotaryEmbedding.sequenceLength(positions);      // rejects null, empty and non-finite positions
        return new RotaryTables(rope, positions, type);
    }

    /** Returns the embedding the tables belong to. */
    public RotaryEmbedding rope() {
        return rope;
    }

    /** Returns the element type the tables are rounded to. */
    public DataType type() {
        return type;
    }

    /** Returns the number of positions (the {@code seq} axis these tables rotate). */
    public int seq() {
        return seq;
    }

    /** Returns table entry {@code a(L)·cos(p_s·θ'_i)} as stored (rounded to the type). */
    public double cos(int s, int i) {
        requirePair(s, i);
        return single() ? tableF[cosIndex(s, i)] : tableD[cosIndex(s, i)];
    }

    /** Returns table entry {@code a(L)·sin(p_s·θ'_i)} as stored (rounded to the type). */
    public double sin(int s, int i) {
        requirePair(s, i);
        return single() ? tableF[sinIndex(s, i)] : tableD[sinIndex(s, i)];
    }

    /**
     * Returns {@code x} rotated into a new C-ordered tensor; {@code x} may be any view (it is copied if strided).
     * The new tensor's memory is first written by the kernel, on every core ({@link UninitializedTensors}):
     * a fresh tensor's cost is its page faults, and ND4J's own allocation takes them all on one thread.
     */
    public INDArray apply(INDArray x) {
        requireTensor("x", x);
        INDArray source = isDense(x) ? x : x.dup('c');
        return apply(source, UninitializedTensors.of(type, x.shape()));
    }

    /** Rotates {@code row[at … at + d)}, the vector at sequence index {@code s}, in place (float tables; one row, scalar: the tiled attention's way in). */
    void rotate(float[] row, int at, int s) {
        float[] t = tableF;
        for (int i = 0; i < half; i++) {
            int a = at + (interleaved ? 2 * i : i);
            int b = at + (interleaved ? 2 * i + 1 : half + i);
            float c = t[cosIndex(s, i)];
            float sn = t[sinIndex(s, i)];
            float u = row[a];
            float v = row[b];
            row[a] = u * c - v * sn;
            row[b] = v * c + u * sn;
        }
    }

    /** Rotates {@code row[at … at + d)}, the vector at sequence index {@code s}, in place, in double. */
    void rotate(double[] row, int at, int s) {
        for (int i = 0; i < half; i++) {
            int a = at + (interleaved ? 2 * i : i);
            int b = at + (interleaved ? 2 * i + 1 : half + i);
            double c = single() ? tableF[cosIndex(s, i)] : tableD[cosIndex(s, i)];
            double sn = single() ? tableF[sinIndex(s, i)] : tableD[sinIndex(s, i)];
            double u = row[a];
            double v = row[b];
            row[a] = u * c - v * sn;
            row[b] = v * c + u * sn;
        }
    }

    /** Returns whether these tables were built for exactly {@code positions} (element by element) and {@code type}. */
    boolean serves(double[] positions, DataType type) {
        return this.type == type && Arrays.equals(this.positions, positions);
    }

    /**
     * Writes {@code x} rotated into {@code out} (same shape and type, both dense C order) and returns
     * {@code out}; {@code out == x} rotates in place. Allocates no tensor.
     */
    public INDArray apply(INDArray x, INDArray out) {
        requireDense("x", x);
        requireDense("out", out);
        if (!Arrays.equals(x.shape(), out.shape())) {
            throw new IllegalArgumentException("out must have the shape of x " + Arrays.toString(x.shape()) + ", got "
                    + Arrays.toString(out.shape()));
        }
        if (out != x && overlaps(x, out)) {
            throw new IllegalArgumentException("out must be x itself (in place) or not overlap x's memory");
        }
        run(x, out);
        return out;
    }

    /** Rotates {@code x} (dense C order) in place and returns it. */
    public INDArray applyInPlace(INDArray x) {
        return apply(x, x);
    }

    /**
     * Splits the work into units of {@link #ROWS} sequence rows × {@link #HEADS_IN_PLACE} or
     * {@link #HEADS_OUT_OF_PLACE} (batch, head) rows; unit
     * {@code u} covers rows {@code [b·ROWS, (b+1)·ROWS)} of head group {@code g}, {@code u = b·groups + g},
     * so that neighbouring units share their table rows.
     */
    private void run(INDArray x, INDArray out) {
        int bh = (int) (x.size(0) * x.size(1));
        int together = out == x ? HEADS_IN_PLACE : HEADS_OUT_OF_PLACE;
        int groups = (bh + together - 1) / together;
        int units = (seq + ROWS - 1) / ROWS * groups;
        int stride = seq * dim;
        int r = 2 * half;
        int bytes = single() ? 4 : 8;
        int xo = (int) x.offset();
        int yo = (int) out.offset();
        ByteBuffer xb = buffer(x);
        ByteBuffer yb = buffer(out);
        boolean copy = out != x && r < dim;
        boolean flat = interleaved && r == dim;
        Rotation rotation = rotation(xb, xo, yb, yo, stride, x.data().address() + (long) bytes * xo, bytes);
        IntConsumer unit = u -> {
            int h0 = (u % groups) * together;
            int heads = Math.min(together, bh - h0);
            int first = (u / groups) * ROWS;
            int last = Math.min(seq, first + ROWS);
            if (flat) {     // the unit's rows of a head are one run of pairs, its table rows the same run of (c, s)
                rotation.pairs((h0 * seq + first) * dim, heads, first * r, (last - first) * half);
                return;
            }
            for (int s = first; s < last; s++) {
                int row = (h0 * seq + s) * dim;
                rotation.pairs(row, heads, s * r, half);
                for (int h = 0; copy && h < heads; h++) {      // the d − r unrotated components
                    int from = row + h * stride + r;
                    yb.put((yo + from) * bytes, xb, (xo + from) * bytes, (dim - r) * bytes);
                }
            }
        };
        if (x.length() < PARALLEL_ELEMENTS || units == 1) {
            for (int u = 0; u < units; u++) {
                unit.accept(u);
            }
        } else {
            IntStream.range(0, units).parallel().forEach(unit);
        }
    }

    /**
     * Rotates {@code pairs} pairs of {@code heads} neighbouring heads from element offset {@code start} of x and out,
     * with the table entries from {@code tableOffset}: one sequence row ({@code pairs = r/2}), or for interleaved
     * tables with {@code r = d} a run of whole rows, whose table rows lie side by side just as x's rows do.
     */
    private interface Rotation {
        void pairs(int start, int heads, int tableOffset, int pairs);
    }

    private Rotation rotation(ByteBuffer x, int xo, ByteBuffer y, int yo, int stride, long xAddress, int bytes) {
        if (single()) {
            return VECTOR
                    ? (start, heads, t, pairs) -> VectorRotation.floatRows(x, xo + start, y, yo + start, stride, heads, tableF, t,
                            pairs, interleaved, lead(xAddress + (long) bytes * start, bytes, pairs))
                    : (start, heads, t, pairs) -> ScalarRotation.floatRows(x, xo + start, y, yo + start, stride, heads, tableF, t,
                            pairs, interleaved);
        }
        return VECTOR
                ? (start, heads, t, pairs) -> VectorRotation.doubleRows(x, xo + start, y, yo + start, stride, heads, tableD, t,
                        pairs, interleaved, lead(xAddress + (long) bytes * start, bytes, pairs))
                : (start, heads, t, pairs) -> ScalarRotation.doubleRows(x, xo + start, y, yo + start, stride, heads, tableD, t,
                        pairs, interleaved);
    }

    /**
     * Returns the interleaved pairs to rotate scalar before x's elements of {@code bytes} bytes from {@code address}
     * reach a 64-byte line (0 when the line starts inside a pair), at most {@code pairs}. With whole rows as one run
     * this is once per work unit. Half-split: 0, since its vectors would have to be aligned in every row; measured on
     * ND4J's buffers (16 bytes past a line), float32 [1, 32, 32768, 128], a lead per row took 49–52 ms in place and
     * 52–77 ms out of place, split loads 23–27 ms and 35–39 ms.
     */
    private int lead(long address, int bytes, int pairs) {
        if (!interleaved) {
            return 0;
        }
        int elements = (int) ((64 - (address & 63)) & 63) / bytes;
        int lead = elements % 2 == 0 ? elements / 2 : 0;
        return Math.min(lead, pairs);
    }

    /** Returns whether the kernel runs on the Vector API (module {@code jdk.incubator.vector} present, C2 on) rather than scalar loops. */
    public static boolean vectorized() {
        return VECTOR;
    }

    private static ByteBuffer buffer(INDArray a) {
        return a.data().asNio().order(ByteOrder.nativeOrder());
    }

    /**
     * Returns whether to use the Vector API: its module is in the boot layer, it is not turned off, and C2
     * compiles (C1, e.g. under {@code -XX:TieredStopAtLevel=1}, does not intrinsify vector operations:
     * they would run as objects, slower than the scalar loops).
     */
    private static boolean vectorModule() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
                && !"false".equals(System.getProperty("ropelab.vector"))
                && optimizingCompiler();
    }

    private static boolean optimizingCompiler() {
        try {
            var vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            return vm == null || Integer.parseInt(vm.getVMOption("TieredStopAtLevel").getValue()) >= 4
                    || !Boolean.parseBoolean(vm.getVMOption("TieredCompilation").getValue());
        } catch (RuntimeException e) {      // not HotSpot: assume an optimizing compiler
            return true;
        }
    }

    private boolean single() {
        return type == DataType.FLOAT;
    }

    private void requirePair(int s, int i) {
        if (s < 0 || s >= seq || i < 0 || i >= half) {
            throw new IllegalArgumentException("(s, i) must be in [0, " + seq + ") × [0, " + half + "), got (" + s + ", " + i + ")");
        }
    }

    /** Returns where {@code cos} of pair {@code i} of position {@code s} is stored. */
    private int cosIndex(int s, int i) {
        return s * 2 * half + (interleaved ? 2 * i : i);
    }

    /** Returns where {@code sin} of pair {@code i} of position {@code s} is stored. */
    private int sinIndex(int s, int i) {
        return s * 2 * half + (interleaved ? 2 * i + 1 : half + i);
    }

    private void requireTensor(String name, INDArray a) {
        if (a == null || a.rank() != 4 || a.size(2) != seq || a.size(3) != dim) {
            throw new IllegalArgumentException(name + " must be [batch, heads, seq, d] with seq = " + seq + ", d = " + dim + ", got "
                    + (a == null ? "null" : Arrays.toString(a.shape())));
        }
        if (a.dataType() != type) {
            throw new IllegalArgumentException(name + " must hold " + type + " like these tables, got " + a.dataType());
        }
        if (a.length() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + " must have at most 2^31 − 1 elements, got " + a.length());
        }
    }

    private void requireDense(String name, INDArray a) {
        requireTensor(name, a);
        if (!isDense(a)) {
            throw new IllegalArgumentException(name + " must be dense in C order (strides " + Arrays.toString(cStrides(a.shape()))
                    + "), got strides " + Arrays.toString(a.stride()) + "; pass x.dup('c')");
        }
    }

    /** Returns whether {@code a}'s elements are laid out as a C-ordered array (axes of size 1 have any stride). */
    private static boolean isDense(INDArray a) {
        long[] expected = cStrides(a.shape());
        long[] stride = a.stride();
        for (int k = 0; k < expected.length; k++) {
            if (a.size(k) > 1 && stride[k] != expected[k]) {
                return false;
            }
        }
        return true;
    }

    private static long[] cStrides(long[] shape) {
        long[] stride = new long[shape.length];
        long step = 1;
        for (int k = shape.length - 1; k >= 0; k--) {
            stride[k] = step;
            step *= shape[k];
        }
        return stride;
    }

    private static boolean overlaps(INDArray a, INDArray b) {
        long bytes = a.dataType().width();
        long aStart = a.data().address() + a.offset() * bytes;
        long bStart = b.data().address() + b.offset() * bytes;
        return aStart < bStart + b.length() * bytes && bStart < aStart + a.length() * bytes;
    }

    private static float[] toFloats(double[] values) {
        float[] f = new float[values.length];
        for (int k = 0; k < values.length; k++) {
            f[k] = (float) values[k];
        }
        return f;
    }
}
