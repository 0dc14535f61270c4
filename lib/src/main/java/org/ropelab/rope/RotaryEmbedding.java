package org.ropelab.rope;

import java.util.Arrays;
import java.util.Locale;
import org.apache.commons.numbers.complex.Complex;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.ropelab.geometry.Matrices;
import org.ropelab.geometry.Rotations;

/**
 * Rotary position embedding (RoPE) of head vectors of dimension {@code d}: the first
 * {@code r = fraction·d} components form {@code r/2} pairs (laid out by a {@link Pairing}); pair
 * {@code i} of a vector at position {@code m} is turned by the angle {@code m·θ_i},
 * {@code θ_i = base^(−2i/r)}; the other {@code d − r} components pass unchanged. The same rotation is
 * computed three ways: complex multiplication ({@link #rotateByComplex}), the dense block-diagonal
 * matrix ({@link #matrix}, {@link #rotateByMatrix}, {@link #applyDense}), and the element-wise
 * {@code x⊙cos + rot(x)⊙sin} ({@link #applyElementWise} with ND4J ops; {@link #apply}, the production
 * path on {@code [batch, heads, seq, d]} tensors, runs the same formula over the tensor's buffer
 * through {@link RotaryTables}). Immutable.
 */
public final class RotaryEmbedding {
    /** The base of the frequencies in the RoFormer paper and most models: 10000. */
    public static final double DEFAULT_BASE = 10000;

    private final int dim;
    private final Pairing pairing;
    private final double base;
    private final double rotaryFraction;
    private final int rotaryDim;
    private final RopeScaling scaling;
    /**
     * The tables of the last {@link #apply} call (or {@link #tables} request), reused by the next call whose
     * positions equal them element by element in the same type; any other call builds new tables and replaces
     * these. A pure function's memo: it changes no result, only whether the tables are rebuilt.
     */
    private volatile RotaryTables lastTables;

    private RotaryEmbedding(int dim, Pairing pairing, double base, double rotaryFraction, RopeScaling scaling) {
        if (dim < 2 || dim % 2 != 0) {
            throw new IllegalArgumentException("dim must be even and at least 2, got " + dim);
        }
        if (pairing == null) {
            throw new IllegalArgumentException("pairing must be INTERLEAVED or HALF_SPLIT, got null");
        }
        if (!(base > 1) || Double.isInfinite(base)) {
            throw new IllegalArgumentException("base must be finite and greater than 1, got " + base);
        }
        if (!(rotaryFraction > 0 && rotaryFraction <= 1)) {
            throw new IllegalArgumentException("rotaryFraction must be in (0, 1], got " + rotaryFraction);
        }
        double r = rotaryFraction * dim;
        long rounded = Math.round(r);
        if (Math.abs(r - rounded) > 1e-9 || rounded % 2 != 0 || rounded < 2) {
            throw new IllegalArgumentException("rotaryFraction·dim must be an even whole number of at least 2, got "
                    + rotaryFraction + "·" + dim + " = " + r);
        }
        this.dim = dim;
        this.pairing = pairing;
        this.base = base;
        this.rotaryFraction = rotaryFraction;
        this.rotaryDim = (int) rounded;
        if (scaling == null) {
            throw new IllegalArgumentException("scaling must be a RopeScaling (RopeScaling.none() for none), got null");
        }
        this.scaling = scaling;
    }

    /** Returns RoPE for head dimension {@code dim} (even) with the given pairing, base 10000, every component rotated. */
    public static RotaryEmbedding of(int dim, Pairing pairing) {
        return new RotaryEmbedding(dim, pairing, DEFAULT_BASE, 1, RopeScaling.none());
    }

    /** Returns a copy with frequency base {@code base > 1}: {@code θ_i = base^(−2i/r)}. */
    public RotaryEmbedding withBase(double base) {
        return new RotaryEmbedding(dim, pairing, base, rotaryFraction, scaling);
    }

    /** Returns a copy with the other layout of the pairs. */
    public RotaryEmbedding withPairing(Pairing pairing) {
        return new RotaryEmbedding(dim, pairing, base, rotaryFraction, scaling);
    }

    /** Returns a copy that rotates only the first {@code r = fraction·dim} components, {@code fraction ∈ (0, 1]}, {@code r} even. */
    public RotaryEmbedding withRotaryFraction(double fraction) {
        return new RotaryEmbedding(dim, pairing, base, fraction, scaling);
    }

    /**
     * Returns a copy whose frequencies follow a length-extrapolation schedule (see {@link RopeScaling});
     * {@link RopeScaling#none()} restores the RoFormer frequencies.
     */
    public RotaryEmbedding withScaling(RopeScaling scaling) {
        return new RotaryEmbedding(dim, pairing, base, rotaryFraction, scaling);
    }

    /** Returns the frequency schedule ({@link RopeScaling#none()} unless set). */
    public RopeScaling scaling() {
        return scaling;
    }

    /** Returns the head dimension {@code d}. */
    public int dim() {
        return dim;
    }

    /** Returns the pairing. */
    public Pairing pairing() {
        return pairing;
    }

    /** Returns the frequency base. */
    public double base() {
        return base;
    }

    /** Returns the fraction of components rotated. */
    public double rotaryFraction() {
        return rotaryFraction;
    }

    /** Returns the number {@code r} of rotated components (even); the others pass unchanged. */
    public int rotaryDim() {
        return rotaryDim;
    }

    /**
     * Returns the frequency of pair {@code i}, {@code 0 ≤ i < r/2}, for a sequence of length 1 (inside
     * any trained context): {@code θ_i = base^(−2i/r)} when unscaled.
     */
    public double theta(int i) {
        if (i < 0 || i >= rotaryDim / 2) {
            throw new IllegalArgumentException("pair index i must be in [0, " + (rotaryDim / 2) + "), got " + i);
        }
        return thetas()[i];
    }

    /** Returns every frequency {@code (θ_0, …, θ_{r/2−1})} for a sequence of length 1; see {@link #thetas(long)}. */
    public double[] thetas() {
        return thetas(1);
    }

    /**
     * Returns the frequencies {@code (θ'_0, …, θ'_{r/2−1})} the schedule uses for a sequence of length
     * {@code L ≥ 1}; without scaling {@code θ_i = base^(−2i/r)} for every {@code L}.
     */
    public double[] thetas(long sequenceLength) {
        requireLength(sequenceLength);
        double[] t = scaling.thetas(base, rotaryDim, sequenceLength);
        if (t == null || t.length != rotaryDim / 2) {
            throw new IllegalStateException("scaling " + scaling.name() + " returned " + (t == null ? "null" : t.length + " frequencies")
                    + ", expected r/2 = " + rotaryDim / 2);
        }
        return t;
    }

    /** Returns the factor {@code a(L)} that multiplies the cos and sin tables for a sequence of length {@code L ≥ 1} (1 without scaling). */
    public double attentionFactor(long sequenceLength) {
        requireLength(sequenceLength);
        return scaling.attentionFactor(sequenceLength);
    }

    /**
     * Returns the sequence length a schedule sees for these positions, as Hugging Face does:
     * {@code L = ⌊max p⌋ + 1} (at least 1).
     */
    public static long sequenceLength(double[] positions) {
        requirePositions(positions);
        double max = positions[0];
        for (double p : positions) {
            max = Math.max(max, p);
        }
        return Math.max(1, (long) Math.floor(max) + 1);
    }

    /** Returns the angles {@code (mθ_0, …, mθ_{r/2−1})} that position {@code m} turns the pairs by (frequencies for length 1). */
    public double[] angles(double position) {
        requireFinite("position", position);
        double[] a = thetas();
        for (int i = 0; i < a.length; i++) {
            a[i] *= position;
        }
        return a;
    }

    /**
     * Returns {@code x} rotated to position {@code m} by complex multiplication: pair {@code i} read as
     * {@code z_i = x_a + i·x_b} becomes {@code z_i·e^{imθ_i}} (Commons Numbers {@link Complex}).
     */
    public double[] rotateByComplex(double[] x, double position) {
        requireVector(x);
        double[] angles = angles(position);
        double[] y = x.clone();
        for (int i = 0; i < angles.length; i++) {
            int[] ab = pairing.members(i, rotaryDim);
            Complex z = Complex.ofCartesian(x[ab[0]], x[ab[1]]).multiply(Complex.ofCis(angles[i]));
            y[ab[0]] = z.real();
            y[ab[1]] = z.imag();
        }
        return y;
    }

    /**
     * Returns the dense {@code d×d} rotation {@code R^d_{Θ,m}}: {@code diag(R(mθ_0), …, R(mθ_{r/2−1}))}
     * with pair {@code i}'s block placed on the rows and columns of its members, and {@code I} on the
     * unrotated components. Interleaved, it is exactly block-diagonal.
     */
    public double[][] matrix(double position) {
        double[][] blocks = Rotations.blockDiagonal(angles(position));
        double[][] m = Matrices.identity(dim);
        for (int i = 0; i < rotaryDim / 2; i++) {
            int[] ab = pairing.members(i, rotaryDim);
            for (int u = 0; u < 2; u++) {
                for (int v = 0; v < 2; v++) {
                    m[ab[u]][ab[v]] = blocks[2 * i + u][2 * i + v];
                }
            }
        }
        return m;
    }

    /** Returns {@code R^d_{Θ,m}·x}, the rotation as a dense matrix product. */
    public double[] rotateByMatrix(double[] x, double position) {
        requireVector(x);
        return Matrices.apply(matrix(position), x);
    }

    /** Returns {@code x⊙cos(mΘ) + rot(x)⊙sin(mΘ)} for one vector, through the tensor path {@link #apply}. */
    public double[] rotate(double[] x, double position) {
        requireVector(x);
        INDArray t = Nd4j.createFromArray(x).reshape(1, 1, 1, dim);
        return apply(t, new double[] {position}).reshape(dim).toDoubleVector();
    }

    /**
     * Returns the table {@code C[s, j] = cos(p_s·θ_{pair(j)})}, {@code [seq, d]}, with {@code 1} on the
     * unrotated components.
     */
    public INDArray cos(double[] positions, DataType type) {
        return table(positions, type, true);
    }

    /**
     * Returns the table {@code S[s, j] = sin(p_s·θ_{pair(j)})}, {@code [seq, d]}, with {@code 0} on the
     * unrotated components.
     */
    public INDArray sin(double[] positions, DataType type) {
        return table(positions, type, false);
    }

    /**
     * Returns {@code rot(x)} over the last axis (length {@code d}): pair {@code (a, b)} becomes
     * {@code (−x_b, x_a)}, the unrotated components become 0. Interleaved
     * {@code (−x₁, x₀, −x₃, x₂, …)}; half-split {@code (−x_{r/2..r−1}, x_{0..r/2−1})}.
     */
    public INDArray rot(INDArray x) {
        if (x == null || x.rank() < 1 || x.size(x.rank() - 1) != dim) {
            throw new IllegalArgumentException("x must have d = " + dim + " as its last axis, got "
                    + (x == null ? "null" : Arrays.toString(x.shape())));
        }
        INDArray out = Nd4j.zeros(x.dataType(), x.shape());
        int h = rotaryDim / 2;
        if (pairing == Pairing.INTERLEAVED) {
            out.get(last(x, everyOther(0))).assign(x.get(last(x, everyOther(1))).neg());
            out.get(last(x, everyOther(1))).assign(x.get(last(x, everyOther(0))));
        } else {
            out.get(last(x, NDArrayIndex.interval(0, h))).assign(x.get(last(x, NDArrayIndex.interval(h, rotaryDim))).neg());
            out.get(last(x, NDArrayIndex.interval(h, rotaryDim))).assign(x.get(last(x, NDArrayIndex.interval(0, h))));
        }
        return out;
    }

    /**
     * Returns {@code x [batch, heads, seq, d]} with the vector at sequence index {@code s} rotated to
     * position {@code positions[s]}: {@code x⊙cos + rot(x)⊙sin}, in the data type of {@code x}
     * (FLOAT or DOUBLE; the angles are computed in double precision), as a new tensor; {@code x} may be
     * a strided view. The production path (see {@link RotaryTables}); the tables of the last call are
     * reused when {@code positions} equal that call's (compared element by element, {@code O(seq)}).
     */
    public INDArray apply(INDArray x, double[] positions) {
        requireTensor(x, positions);
        return tables(positions, x.dataType()).apply(x);
    }

    /**
     * Writes {@link #apply}'s rotation of {@code x} into {@code out} (same shape and type, dense C
     * order; {@code out == x} rotates in place) and returns {@code out}. To rotate many tensors at the
     * same positions, build {@link #tables} once and call {@link RotaryTables#apply(INDArray, INDArray)}.
     */
    public INDArray apply(INDArray x, double[] positions, INDArray out) {
        requireTensor(x, positions);
        return tables(positions, x.dataType()).apply(x, out);
    }

    /** Rotates {@code x [batch, heads, seq, d]} (dense C order) in place and returns it; see {@link #apply}. */
    public INDArray applyInPlace(INDArray x, double[] positions) {
        return apply(x, positions, x);
    }

    /**
     * Returns the cos and sin tables for {@code positions} rounded to {@code type} (FLOAT or DOUBLE),
     * built from {@link #thetas(long)} and {@link #attentionFactor(long)} at
     * {@code L = sequenceLength(positions)}, with the kernel of the production path. The embedding keeps
     * the last tables it built and returns them again for equal positions and type; other positions
     * replace them.
     */
    public RotaryTables tables(double[] positions, DataType type) {
        RotaryTables last = lastTables;
        if (last != null && last.serves(positions, type)) {
            return last;
        }
        RotaryTables built = RotaryTables.of(this, positions, type);
        lastTables = built;
        return built;
    }

    /**
     * Returns {@code x⊙cos + rot(x)⊙sin} computed with ND4J's element-wise ops on the {@code [seq, d]}
     * tables {@link #cos}, {@link #sin} and {@link #rot}: the formula as written, the former production
     * path, kept as a second formulation and for comparison.
     */
    public INDArray applyElementWise(INDArray x, double[] positions) {
        requireTensor(x, positions);
        INDArray c = cos(positions, x.dataType());
        INDArray s = sin(positions, x.dataType());
        return x.mul(c).addi(rot(x).muli(s));
    }

    /**
     * Returns the same rotation as {@link #apply} computed with the dense matrices: the vector at
     * sequence index {@code s} is multiplied by {@code R^d_{Θ,p_s}}, a batched {@code [seq, d, d]}
     * product. For comparison and timing; it does {@code d/2} times the arithmetic.
     */
    public INDArray applyDense(INDArray x, double[] positions) {
        requireTensor(x, positions);
        int seq = positions.length;
        double[] r = new double[seq * dim * dim];
        for (int s = 0; s < seq; s++) {
            double[][] m = matrix(positions[s]);
            for (int i = 0; i < dim; i++) {
                System.arraycopy(m[i], 0, r, (s * dim + i) * dim, dim);
            }
        }
        long b = x.size(0);
        long heads = x.size(1);
        INDArray rs = Nd4j.create(r, new long[] {seq, dim, dim}, DataType.DOUBLE).castTo(x.dataType());   // [seq, d, d]
        INDArray cols = x.permute(2, 3, 0, 1).dup('c').reshape('c', seq, dim, b * heads); // [seq, d, b·h]
        INDArray turned = Nd4j.matmul(rs, cols);                                         // [seq, d, b·h]
        return turned.reshape('c', seq, dim, b, heads).permute(2, 3, 0, 1).dup('c');
    }

    /**
     * Returns the permutation {@code p} of the {@code d} head components from this pairing's layout to
     * {@code target}'s (see {@link Pairing#permutationTo}).
     */
    public int[] permutationTo(Pairing target) {
        return pairing.permutationTo(target, rotaryDim, dim);
    }

    /**
     * Returns a projection {@code w [dModel, heads·d]} trained for this pairing, its columns permuted
     * within every head so that the {@code target} pairing gives the same q·k scores: column
     * {@code h·d + j} of the result is column {@code h·d + p[j]} of {@code w}.
     */
    public INDArray convertWeights(INDArray w, int heads, Pairing target) {
        if (heads < 1) {
            throw new IllegalArgumentException("heads must be at least 1, got " + heads);
        }
        if (w == null || w.rank() != 2 || w.size(1) != (long) heads * dim) {
            throw new IllegalArgumentException("w must be [dModel, heads·d] = [dModel, " + ((long) heads * dim) + "], got "
                    + (w == null ? "null" : Arrays.toString(w.shape())));
        }
        int[] p = permutationTo(target);
        int[] columns = new int[heads * dim];
        for (int h = 0; h < heads; h++) {
            for (int j = 0; j < dim; j++) {
                columns[h * dim + j] = h * dim + p[j];
            }
        }
        return w.getColumns(columns);
    }

    /** Returns a one-line description, e.g. {@code RoPE[d=64, INTERLEAVED, base=10000, rotary 64 of 64]} (plus the scaling, when set). */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "RoPE[d=%d, %s, base=%s, rotary %d of %d%s]",
                dim, pairing, base == Math.rint(base) && base < 1e15 ? String.valueOf((long) base) : String.valueOf(base),
                rotaryDim, dim, scaling == RopeScaling.none() ? "" : ", scaling " + scaling.name());
    }

    private INDArray table(double[] positions, DataType type, boolean cosine) {
        requirePositions(positions);
        if (type != DataType.DOUBLE && type != DataType.FLOAT) {
            throw new IllegalArgumentException("type must be FLOAT or DOUBLE, got " + type);
        }
        long length = sequenceLength(positions);
        double[] thetas = thetas(length);
        double factor = attentionFactor(length);
        int[][] members = new int[thetas.length][];
        for (int i = 0; i < thetas.length; i++) {
            members[i] = pairing.members(i, rotaryDim);
        }
        double[] t = new double[positions.length * dim];
        for (int s = 0; s < positions.length; s++) {
            int row = s * dim;
            for (int i = 0; i < thetas.length; i++) {
                double angle = positions[s] * thetas[i];
                double value = factor * (cosine ? Math.cos(angle) : Math.sin(angle));
                t[row + members[i][0]] = value;
                t[row + members[i][1]] = value;
            }
            for (int j = rotaryDim; j < dim; j++) {
                t[row + j] = cosine ? 1 : 0;
            }
        }
        return Nd4j.create(t, new long[] {positions.length, dim}, DataType.DOUBLE).castTo(type);
    }

    /** Returns the index of components {@code start, start + 2, …} below {@code r}; ND4J mis-sizes a strided interval of one element, so one pair is a plain interval. */
    private INDArrayIndex everyOther(int start) {
        return rotaryDim == 2 ? NDArrayIndex.interval(start, start + 1) : NDArrayIndex.interval(start, 2, rotaryDim);
    }

    private static INDArrayIndex[] last(INDArray x, INDArrayIndex index) {
        INDArrayIndex[] all = new INDArrayIndex[x.rank()];
        for (int i = 0; i < all.length - 1; i++) {
            all[i] = NDArrayIndex.all();
        }
        all[all.length - 1] = index;
        return all;
    }

    private void requireVector(double[] x) {
        if (x == null || x.length != dim) {
            throw new IllegalArgumentException("x must have d = " + dim + " components, got " + (x == null ? "null" : x.length));
        }
        for (int j = 0; j < x.length; j++) {
            requireFinite("x[" + j + "]", x[j]);
        }
    }

    private void requireTensor(INDArray x, double[] positions) {
        if (x == null || x.rank() != 4 || x.size(3) != dim) {
            throw new IllegalArgumentException("x must be [batch, heads, seq, d] with d = " + dim + ", got "
                    + (x == null ? "null" : Arrays.toString(x.shape())));
        }
        if (x.dataType() != DataType.DOUBLE && x.dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException("x must hold FLOAT or DOUBLE, got " + x.dataType());
        }
        requirePositions(positions);
        if (positions.length != x.size(2)) {
            throw new IllegalArgumentException("positions must have one entry per sequence index, seq = " + x.size(2)
                    + ", got " + positions.length);
        }
    }

    private static void requireLength(long sequenceLength) {
        if (sequenceLength < 1) {
            throw new IllegalArgumentException("sequenceLength must be at least 1, got " + sequenceLength);
        }
    }

    private static void requirePositions(double[] positions) {
        if (positions == null || positions.length == 0) {
            throw new IllegalArgumentException("positions must hold at least one position, got "
                    + (positions == null ? "null" : "none"));
        }
        for (int s = 0; s < positions.length; s++) {
            requireFinite("positions[" + s + "]", positions[s]);
        }
    }

    private static void requireFinite(String name, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be finite, got " + value);
        }
    }
}
