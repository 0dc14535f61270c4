package org.ropelab.train;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ropelab.absolute.Sinusoidal;
import org.ropelab.relative.Alibi;
import org.ropelab.rope.RotaryEmbedding;

/**
 * The position encodings as differentiable SameDiff graph pieces (float32), each the counterpart of a
 * library class: {@link #sinusoidal} of {@link Sinusoidal#table}, {@link #rope} of
 * {@link RotaryEmbedding#apply}, {@link #alibi} of {@link Alibi#bias}, {@link #relativeBias} of
 * {@code RelativePositions.bias}, {@link #learned} of {@code LearnedPositions.lookup}. Positions, cos/sin
 * tables and index tables enter as graph inputs (placeholders), so one graph serves any positions.
 */
final class GraphEncodings {
    private GraphEncodings() {
    }

    /**
     * Returns {@code PE [seq, d]}, {@code PE[s, 2i] = sin(p_s·ω_i)}, {@code PE[s, 2i+1] = cos(p_s·ω_i)},
     * {@code ω_i = base^(−2i/d)}, computed in the graph from {@code positions [seq]}.
     */
    public static SDVariable sinusoidal(SameDiff sd, SDVariable positions, Sinusoidal encoding) {
        int half = encoding.dim() / 2;
        SDVariable w = sd.constant(Nd4j.createFromArray(encoding.frequencies()).castTo(DataType.FLOAT).reshape(1, half));
        SDVariable angle = sd.reshape(positions, -1, 1).mul(w);                          // [seq, d/2]
        SDVariable pairs = sd.stack(2, sd.math.sin(angle), sd.math.cos(angle));          // [seq, d/2, 2]
        return sd.reshape(pairs, -1, encoding.dim());
    }

    /**
     * Returns {@code x⊙C + rot(x)⊙S} for {@code x [batch, heads, seq, d]} and the tables {@code C, S [seq, d]}
     * (from {@link RotaryEmbedding#cos}, {@link RotaryEmbedding#sin}, scaling included), with
     * {@code rot(x) = x·R}, {@code R} the signed permutation of {@link #rotMatrix}.
     */
    public static SDVariable rope(SameDiff sd, SDVariable x, SDVariable cos, SDVariable sin, RotaryEmbedding rope) {
        int d = rope.dim();
        SDVariable r = sd.constant(Nd4j.create(rotMatrix(rope)).castTo(DataType.FLOAT));  // [d, d]
        SDVariable turned = sd.reshape(sd.reshape(x, -1, d).mmul(r), sd.shape(x));
        return x.mul(cos).add(turned.mul(sin));
    }

    /**
     * Returns the {@code d×d} matrix {@code R} with {@code x·R = rot(x)}: for each pair {@code (a, b)},
     * {@code R[b][a] = −1} and {@code R[a][b] = 1}; unrotated components map to 0.
     */
    public static double[][] rotMatrix(RotaryEmbedding rope) {
        double[][] r = new double[rope.dim()][rope.dim()];
        for (int i = 0; i < rope.rotaryDim() / 2; i++) {
            int[] ab = rope.pairing().members(i, rope.rotaryDim());
            r[ab[1]][ab[0]] = -1;
            r[ab[0]][ab[1]] = 1;
        }
        return r;
    }

    /** Returns ALiBi's bias {@code [heads, seq, seq]}, {@code B_hij = −m_h·|p_i − p_j|}, computed in the graph from {@code positions [seq]}. */
    public static SDVariable alibi(SameDiff sd, SDVariable positions, int heads) {
        SDVariable distance = sd.math.abs(sd.reshape(positions, 1, -1, 1).sub(sd.reshape(positions, 1, 1, -1)));
        SDVariable m = sd.constant(Nd4j.createFromArray(Alibi.slopes(heads)).castTo(DataType.FLOAT).reshape(heads, 1, 1));
        return m.mul(distance).neg();                                                    // [heads, seq, seq]
    }

    /**
     * Returns a learned relative bias {@code [heads, seq, seq]}, {@code B_hij = T[h, clip(p_j − p_i) + M]},
     * from the trainable table {@code T [heads, 2M + 1]} and the one-hot distances {@code O [seq·seq, 2M + 1]}
     * of {@link #relativeOneHot}: {@code B = (O·Tᵀ)} laid out as {@code [heads, seq, seq]}, {@code seq} given.
     */
    public static SDVariable relativeBias(SameDiff sd, SDVariable table, SDVariable oneHot, int seq) {
        SDVariable perPair = oneHot.mmul(sd.transpose(table));                            // [seq·seq, heads]
        return sd.permute(sd.reshape(perPair, seq, seq, -1), 2, 0, 1);
    }

    /**
     * Returns the one-hot distances {@code [seq·seq, 2M + 1]} (FLOAT): row {@code i·seq + j} has its 1 at
     * {@code clip(p_j − p_i) + M}, {@code clip(δ) = max(−M, min(M, δ))}.
     */
    public static INDArray relativeOneHot(int[] positions, int maxDistance) {
        requirePositions(positions);
        if (maxDistance < 0) {
            throw new IllegalArgumentException("maxDistance must be at least 0, got " + maxDistance);
        }
        int n = positions.length;
        int width = 2 * maxDistance + 1;
        float[] o = new float[n * n * width];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                long delta = (long) positions[j] - positions[i];
                o[(i * n + j) * width + (int) Math.max(-maxDistance, Math.min(maxDistance, delta)) + maxDistance] = 1;
            }
        }
        return Nd4j.createFromArray(o).reshape(n * n, width);
    }

    /** Returns the rows {@code P[index]} of the trainable table {@code P [length, d]}, {@code index} from {@link #learnedIndex}. */
    public static SDVariable learned(SameDiff sd, SDVariable table, SDVariable index) {
        return sd.gather(table, index, 0);
    }

    /**
     * Returns the positions as an INT index into a learned table of {@code length} rows; a position
     * outside {@code 0 .. length−1} has no row and is rejected.
     */
    public static INDArray learnedIndex(int[] positions, int length) {
        requirePositions(positions);
        for (int p : positions) {
            if (p < 0 || p >= length) {
                throw new IllegalArgumentException("position " + p + " is outside the learned table of " + length
                        + " positions (0.." + (length - 1) + ")");
            }
        }
        return Nd4j.createFromArray(positions.clone());
    }

    private static void requirePositions(int[] positions) {
        if (positions == null || positions.length == 0) {
            throw new IllegalArgumentException("positions must hold at least one position, got none");
        }
    }
}
