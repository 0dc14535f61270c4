package org.ropelab;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The cos and sin tables of a {@link RotaryEmbedding} for one list of positions, and the kernel
 * that applies them to {@code [batch, heads, seq, d]} tensors in their backing buffers (RoPE's
 * production path). Entry {@code (s, i)} is {@code c = a(L)·cos(p_s·θ'_i)},
 * {@code s = a(L)·sin(p_s·θ'_i)} with {@code θ' = rope.thetas(L)}, {@code a = rope.attentionFactor(L)}
 * and {@code L = RotaryEmbedding.sequenceLength(positions)}, computed in double precision and rounded
 * once to the tensor type. Pair {@code (u, v)} of the vector at sequence index {@code s} becomes
 * {@code (u·c − v·s, v·c + u·s)}; the {@code d − r} unrotated components pass unchanged.
 *
 * <p>An explicit object rather than a cache inside {@code RotaryEmbedding}: the embedding stays
 * immutable, the caller decides how long tables live (one per layer's positions, reused across
 * heads, batches, q and k and calls), and there is no hidden state to share between threads.
 * Immutable and thread-safe. Large tensors are rotated on every core (the common fork-join pool),
 * small ones on the calling thread; the kernel allocates nothing per element.
 */
public final class RotaryTables {
    /** Sequence rows per work unit: its table rows (≤ 128 KB) stay in L2 while every head uses them, and each head's 64 KB of x is contiguous. */
    private static final int ROWS = 128;
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
    /** Table entries per position: r (interleaved, per component, sin signed) or r/2 (half-split, per pair). */
    private final int width;
    private final float[] cosF;
    private final float[] sinF;
    private final double[] cosD;
    private final double[] sinD;

    private RotaryTables(RotaryEmbedding rope, double[] positions, DataType type) {
        if (type != DataType.FLOAT && type != DataType.DOUBLE) {
            throw new IllegalArgumentException("type must be FLOAT or DOUBLE, got " + type);
        }
        long length = RotaryEmbedding.sequenceLength(positions);
        double[] thetas = rope.thetas(length);
        double factor = rope.attentionFactor(length);
        this.rope = rope;
        this.type = type;
        this.seq = positions.length;
        this.half = rope.rotaryDim() / 2;
        this.dim = rope.dim();
        this.interleaved = rope.pairing() == Pairing.INTERLEAVED;
        this.width = interleaved ? 2 * half : half;
        double[] c = new double[seq * width];
        double[] s = new double[seq * width];
        IntStream rows = IntStream.range(0, seq);
        (seq * (long) half < PARALLEL_ELEMENTS / 8 ? rows : rows.parallel()).forEach(p -> {   // cos and sin are ~40× a multiply
            for (int i = 0; i < half; i++) {
                double angle = positions[p] * thetas[i];
                double cos = factor * Math.cos(angle);
                double sin = factor * Math.sin(angle);
                if (interleaved) {           // per component: (c, c) and (−s, s), so y = x·C + swap(x)·S
                    c[p * width + 2 * i] = cos;
                    c[p * width + 2 * i + 1] = cos;
                    s[p * width + 2 * i] = -sin;
                    s[p * width + 2 * i + 1] = sin;
                } else {
                    c[p * width + i] = cos;
                    s[p * width + i] = sin;
                }
            }
        });
        boolean single = type == DataType.FLOAT;
        this.cosD = single ? null : c;
        this.sinD = single ? null : s;
        this.cosF = single ? toFloats(c) : null;
        this.sinF = single ? toFloats(s) : null;
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
        return single() ? cosF[index(s, i)] : cosD[index(s, i)];
    }

    /** Returns table entry {@code a(L)·sin(p_s·θ'_i)} as stored (rounded to the type). */
    public double sin(int s, int i) {
        return single() ? sinF[index(s, i)] : sinD[index(s, i)];
    }

    /** Returns {@code x} rotated into a new C-ordered tensor; {@code x} may be any view (it is copied if strided). */
    public INDArray apply(INDArray x) {
        requireTensor("x", x);
        INDArray source = isDense(x) ? x : x.dup('c');
        return apply(source, Nd4j.createUninitialized(type, x.shape(), 'c'));
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

    private void run(INDArray x, INDArray out) {
        int bh = (int) (x.size(0) * x.size(1));
        int blocks = (seq + ROWS - 1) / ROWS;
        int units = blocks * bh;
        boolean copy = out != x && half * 2 < dim;
        Unit unit = VECTOR
                ? vectorUnit(buffer(x), (int) x.offset(), buffer(out), (int) out.offset(), bh, copy)
                : single()
                ? floatUnit(x.data().asNioFloat(), (int) x.offset(), out.data().asNioFloat(), (int) out.offset(), bh, copy)
                : doubleUnit(x.data().asNioDouble(), (int) x.offset(), out.data().asNioDouble(), (int) out.offset(), bh, copy);
        if (x.length() < PARALLEL_ELEMENTS || units == 1) {
            for (int u = 0; u < units; u++) {
                unit.run(u);
            }
        } else {
            IntStream.range(0, units).parallel().forEach(unit::run);
        }
    }

    /** One work unit: sequence rows {@code [b·ROWS, (b+1)·ROWS)} of one (batch, head), unit {@code = b·bh + head}. */
    private interface Unit {
        void run(int unit);
    }

    private Unit vectorUnit(ByteBuffer x, int xBase, ByteBuffer y, int yBase, int bh, boolean copy) {
        int bytes = single() ? 4 : 8;
        return u -> {
            int head = u % bh;
            int first = (u / bh) * ROWS;
            int last = Math.min(seq, first + ROWS);
            for (int s = first; s < last; s++) {
                int row = (head * seq + s) * dim;
                if (single()) {
                    VectorRotation.floatRow(x, xBase + row, y, yBase + row, cosF, sinF, s * width, half, interleaved);
                } else {
                    VectorRotation.doubleRow(x, xBase + row, y, yBase + row, cosD, sinD, s * width, half, interleaved);
                }
                if (copy) {
                    for (int j = 2 * half * bytes; j < dim * bytes; j += 8) {
                        y.putLong((yBase + row) * bytes + j, x.getLong((xBase + row) * bytes + j));
                    }
                }
            }
        };
    }

    private Unit floatUnit(FloatBuffer x, int xBase, FloatBuffer y, int yBase, int bh, boolean copy) {
        float[] c = cosF;
        float[] sn = sinF;
        return u -> {
            int head = u % bh;
            int first = (u / bh) * ROWS;
            int last = Math.min(seq, first + ROWS);
            for (int s = first; s < last; s++) {
                int row = (head * seq + s) * dim;
                int xo = xBase + row;
                int yo = yBase + row;
                int t = s * width;
                if (interleaved) {
                    for (int j = 0; j < 2 * half; j += 2) {
                        float a = x.get(xo + j);
                        float b = x.get(xo + j + 1);
                        y.put(yo + j, a * c[t + j] + b * sn[t + j]);
                        y.put(yo + j + 1, b * c[t + j + 1] + a * sn[t + j + 1]);
                    }
                } else {
                    for (int i = 0; i < half; i++) {
                        float a = x.get(xo + i);
                        float b = x.get(xo + half + i);
                        y.put(yo + i, a * c[t + i] - b * sn[t + i]);
                        y.put(yo + half + i, b * c[t + i] + a * sn[t + i]);
                    }
                }
                if (copy) {
                    for (int j = 2 * half; j < dim; j++) {
                        y.put(yo + j, x.get(xo + j));
                    }
                }
            }
        };
    }

    private Unit doubleUnit(DoubleBuffer x, int xBase, DoubleBuffer y, int yBase, int bh, boolean copy) {
        double[] c = cosD;
        double[] sn = sinD;
        return u -> {
            int head = u % bh;
            int first = (u / bh) * ROWS;
            int last = Math.min(seq, first + ROWS);
            for (int s = first; s < last; s++) {
                int row = (head * seq + s) * dim;
                int xo = xBase + row;
                int yo = yBase + row;
                int t = s * width;
                if (interleaved) {
                    for (int j = 0; j < 2 * half; j += 2) {
                        double a = x.get(xo + j);
                        double b = x.get(xo + j + 1);
                        y.put(yo + j, a * c[t + j] + b * sn[t + j]);
                        y.put(yo + j + 1, b * c[t + j + 1] + a * sn[t + j + 1]);
                    }
                } else {
                    for (int i = 0; i < half; i++) {
                        double a = x.get(xo + i);
                        double b = x.get(xo + half + i);
                        y.put(yo + i, a * c[t + i] - b * sn[t + i]);
                        y.put(yo + half + i, b * c[t + i] + a * sn[t + i]);
                    }
                }
                if (copy) {
                    for (int j = 2 * half; j < dim; j++) {
                        y.put(yo + j, x.get(xo + j));
                    }
                }
            }
        };
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

    /** Returns where pair {@code i} of position {@code s} is stored (interleaved: its second member, whose sin is +sin). */
    private int index(int s, int i) {
        if (s < 0 || s >= seq || i < 0 || i >= half) {
            throw new IllegalArgumentException("(s, i) must be in [0, " + seq + ") × [0, " + half + "), got (" + s + ", " + i + ")");
        }
        return interleaved ? s * width + 2 * i + 1 : s * width + i;
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
