package org.ropelab.rope;

import java.util.Arrays;
import org.apache.commons.numbers.complex.Complex;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Multi-axis RoPE: a position has {@code k} coordinates (text: one; an image: row, column; a video:
 * time, row, column). The {@code d/2} frequency pairs, {@code θ_i = base^(−2i/d)}, are split into
 * consecutive sections, one per axis, of sizes {@code sections[0], …, sections[k−1]} (adding up to
 * {@code d/2}, as Qwen2-VL's {@code mrope_section}); pair {@code i} of section {@code a} turns by
 * {@code p_a·θ_i}. Every pair keeps its 1-D frequency, so with equal coordinates
 * {@code p_0 = … = p_{k−1} = p} this is plain RoPE at position {@code p}.
 *
 * <p>Two layouts assign pairs to axes. <em>Chunked</em> ({@link #of}, Qwen2-VL): consecutive
 * sections, pairs {@code 0..s_0−1} to axis 0, the next {@code s_1} to axis 1, and so on.
 * <em>Interleaved</em> ({@link #interleaved}, Qwen3-VL's {@code apply_interleaved_mrope}): with
 * {@code k} axes, pair {@code i} belongs to axis {@code a ≥ 1} when {@code i ≡ a (mod k)} and
 * {@code i < k·s_a}, and to axis 0 otherwise, so every axis gets high and low frequencies. Immutable.
 */
public final class MultiAxisRope {
    private final RotaryEmbedding rope;
    private final int[] sections;
    private final int[] axisOfPair;

    private final boolean interleaved;

    private MultiAxisRope(RotaryEmbedding rope, int[] sections, boolean interleaved) {
        this.rope = rope;
        this.sections = sections;
        this.interleaved = interleaved;
        this.axisOfPair = new int[rope.dim() / 2];
        int k = sections.length;
        if (interleaved) {
            for (int a = 1; a < k; a++) {
                for (int c = 0; c < sections[a]; c++) {
                    axisOfPair[a + k * c] = a;
                }
            }
        } else {
            int i = 0;
            for (int a = 0; a < k; a++) {
                for (int c = 0; c < sections[a]; c++) {
                    axisOfPair[i++] = a;
                }
            }
        }
    }

    /**
     * Returns multi-axis RoPE for head dimension {@code dim} (even), the given pairing and base 10000,
     * with {@code sections[a] ≥ 1} pairs for axis {@code a}, {@code Σ sections = dim/2}.
     */
    public static MultiAxisRope of(int dim, Pairing pairing, int... sections) {
        return new MultiAxisRope(RotaryEmbedding.of(dim, pairing), checkedSections(dim, sections), false);
    }

    /**
     * Returns multi-axis RoPE with Qwen3-VL's interleaved layout: {@code sections[a]} pairs for axis
     * {@code a}, {@code Σ sections = dim/2}; axis {@code a ≥ 1} takes pairs {@code a, a+k, …,
     * a+k·(sections[a]−1)}, which must all lie below {@code dim/2}; axis 0 takes every other pair.
     */
    public static MultiAxisRope interleaved(int dim, Pairing pairing, int... sections) {
        int[] s = checkedSections(dim, sections);
        for (int a = 1; a < s.length; a++) {
            int last = a + s.length * (s[a] - 1);
            if (last >= dim / 2) {
                throw new IllegalArgumentException("sections[" + a + "] = " + s[a] + " needs pair " + last
                        + " in the interleaved layout, but there are only dim/2 = " + dim / 2 + " pairs");
            }
        }
        return new MultiAxisRope(RotaryEmbedding.of(dim, pairing), s, true);
    }

    private static int[] checkedSections(int dim, int[] sections) {
        RotaryEmbedding.of(dim, Pairing.INTERLEAVED);
        if (sections == null || sections.length == 0) {
            throw new IllegalArgumentException("sections must name at least one axis, got " + (sections == null ? "null" : "none"));
        }
        int sum = 0;
        for (int a = 0; a < sections.length; a++) {
            if (sections[a] < 1) {
                throw new IllegalArgumentException("sections[" + a + "] must be at least 1 pair, got " + sections[a]);
            }
            sum += sections[a];
        }
        if (sum != dim / 2) {
            throw new IllegalArgumentException("sections must add up to dim/2 = " + dim / 2 + " pairs, got "
                    + Arrays.toString(sections) + " = " + sum);
        }
        return sections.clone();
    }

    /** Returns a copy with frequency base {@code base > 1}. */
    public MultiAxisRope withBase(double base) {
        return new MultiAxisRope(rope.withBase(base), sections, interleaved);
    }

    /** Returns whether the layout is Qwen3-VL's interleaved one (else Qwen2-VL's chunked sections). */
    public boolean isInterleaved() {
        return interleaved;
    }

    /** Returns the plain 1-D RoPE with the same dimension, pairing and base. */
    public RotaryEmbedding oneDimensional() {
        return rope;
    }

    /** Returns the number of axes {@code k}. */
    public int axes() {
        return sections.length;
    }

    /** Returns the section sizes (pairs per axis), a copy. */
    public int[] sections() {
        return sections.clone();
    }

    /** Returns, for every pair {@code i = 0..d/2−1}, the axis whose coordinate turns it. */
    public int[] axisOfPair() {
        return axisOfPair.clone();
    }

    /** Returns the angles {@code (p_{axis(0)}·θ_0, …, p_{axis(d/2−1)}·θ_{d/2−1})} of a position with one coordinate per axis. */
    public double[] angles(double[] position) {
        requirePosition("position", position);
        double[] t = rope.thetas();
        double[] a = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            a[i] = position[axisOfPair[i]] * t[i];
        }
        return a;
    }

    /** Returns {@code x} ({@code d} components) with pair {@code i}, read as a complex number, multiplied by {@code e^{i·angle_i}}. */
    public double[] rotate(double[] x, double[] position) {
        if (x == null || x.length != rope.dim()) {
            throw new IllegalArgumentException("x must have d = " + rope.dim() + " components, got " + (x == null ? "null" : x.length));
        }
        double[] angles = angles(position);
        double[] y = x.clone();
        for (int i = 0; i < angles.length; i++) {
            int[] ab = rope.pairing().members(i, rope.dim());
            Complex z = Complex.ofCartesian(x[ab[0]], x[ab[1]]).multiply(Complex.ofCis(angles[i]));
            y[ab[0]] = z.real();
            y[ab[1]] = z.imag();
        }
        return y;
    }

    /**
     * Returns {@code x [batch, heads, seq, d]} with the vector at sequence index {@code s} rotated to
     * the multi-axis position {@code positions[s]} (one coordinate per axis): {@code x⊙cos + rot(x)⊙sin},
     * in double precision.
     */
    public INDArray apply(INDArray x, double[][] positions) {
        if (x == null || x.rank() != 4 || x.size(3) != rope.dim()) {
            throw new IllegalArgumentException("x must be [batch, heads, seq, d] with d = " + rope.dim() + ", got "
                    + (x == null ? "null" : Arrays.toString(x.shape())));
        }
        if (positions == null || positions.length != x.size(2)) {
            throw new IllegalArgumentException("positions must have one entry per sequence index, seq = " + x.size(2) + ", got "
                    + (positions == null ? "null" : positions.length));
        }
        int d = rope.dim();
        double[][] c = new double[positions.length][d];
        double[][] s = new double[positions.length][d];
        for (int p = 0; p < positions.length; p++) {
            requirePosition("positions[" + p + "]", positions[p]);
            double[] angles = angles(positions[p]);
            for (int i = 0; i < angles.length; i++) {
                for (int member : rope.pairing().members(i, d)) {
                    c[p][member] = Math.cos(angles[i]);
                    s[p][member] = Math.sin(angles[i]);
                }
            }
        }
        INDArray xd = x.castTo(DataType.DOUBLE);
        return xd.mul(Nd4j.create(c)).addi(rope.rot(xd).muli(Nd4j.create(s)));
    }

    /** Returns the positions {@code (r, c)} of a {@code rows × cols} image grid in row-major order. */
    public static double[][] grid(int rows, int cols) {
        return video(1, rows, cols, false);
    }

    /** Returns the positions {@code (t, r, c)} of {@code frames} frames of {@code rows × cols} patches, time-major. */
    public static double[][] video(int frames, int rows, int cols) {
        return video(frames, rows, cols, true);
    }

    /** Returns the position {@code (p, …, p)} of a text token at {@code p} on {@code axes} axes (all coordinates equal). */
    public static double[] text(double p, int axes) {
        if (axes < 1) {
            throw new IllegalArgumentException("axes must be at least 1, got " + axes);
        }
        double[] t = new double[axes];
        Arrays.fill(t, p);
        return t;
    }

    /**
     * Returns the positions of a prompt as Qwen2-VL's {@code get_rope_index} lays them out:
     * {@code before} text tokens at {@code (p, p, p)}, {@code p = 0..before−1}; then one image of
     * {@code rows × cols} merged patches at {@code (s, s + r, s + c)} with {@code s = before}; then
     * {@code after} text tokens continuing from one past the largest coordinate so far,
     * {@code s + max(rows, cols)}.
     */
    public static double[][] textImageText(int before, int rows, int cols, int after) {
        if (before < 0 || after < 0) {
            throw new IllegalArgumentException("before and after must be at least 0, got " + before + ", " + after);
        }
        double[][] image = video(1, rows, cols, true);
        double[][] p = new double[before + image.length + after][];
        int n = 0;
        for (int i = 0; i < before; i++) {
            p[n++] = text(i, 3);
        }
        for (double[] g : image) {
            p[n++] = new double[] {before + g[0], before + g[1], before + g[2]};
        }
        int next = before + Math.max(rows, cols);
        for (int i = 0; i < after; i++) {
            p[n++] = text(next + i, 3);
        }
        return p;
    }

    /**
     * Returns the decode-time offset {@code rope_deltas = max coordinate + 1 − L} of a prompt of
     * {@code L} positions: the token at cache index {@code c ≥ L} sits at {@code c + rope_deltas} on
     * every axis.
     */
    public static double ropeDelta(double[][] positions) {
        if (positions == null || positions.length == 0) {
            throw new IllegalArgumentException("positions must hold at least one position, got "
                    + (positions == null ? "null" : "none"));
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int s = 0; s < positions.length; s++) {
            if (positions[s] == null || positions[s].length == 0) {
                throw new IllegalArgumentException("positions[" + s + "] must hold at least one coordinate, got "
                        + (positions[s] == null ? "null" : "none"));
            }
            for (double c : positions[s]) {
                if (!Double.isFinite(c)) {
                    throw new IllegalArgumentException("positions[" + s + "] must be finite, got " + c);
                }
                max = Math.max(max, c);
            }
        }
        return max + 1 - positions.length;
    }

    private static double[][] video(int frames, int rows, int cols, boolean withTime) {
        if (frames < 1 || rows < 1 || cols < 1) {
            throw new IllegalArgumentException("frames, rows and cols must be at least 1, got " + frames + ", " + rows + ", " + cols);
        }
        double[][] p = new double[frames * rows * cols][];
        int n = 0;
        for (int t = 0; t < frames; t++) {
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    p[n++] = withTime ? new double[] {t, r, c} : new double[] {r, c};
                }
            }
        }
        return p;
    }

    private void requirePosition(String name, double[] position) {
        if (position == null || position.length != sections.length) {
            throw new IllegalArgumentException(name + " must have one coordinate per axis (" + sections.length + "), got "
                    + (position == null ? "null" : position.length));
        }
        for (int a = 0; a < position.length; a++) {
            if (!Double.isFinite(position[a])) {
                throw new IllegalArgumentException(name + "[" + a + "] must be finite, got " + position[a]);
            }
        }
    }
}
