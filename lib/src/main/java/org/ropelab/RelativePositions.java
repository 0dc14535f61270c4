package org.ropelab;

import java.util.Arrays;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A relative position bias: one scalar {@code B_δ} per distance {@code δ = j − i} between a query at
 * position {@code i} and a key at position {@code j}, added to their score,
 * {@code s_ij = q_i·k_j/√d_k + B_{j−i}}. Distances beyond {@code ±maxDistance} share the bias of the
 * nearest end of the table ({@code B_{clip(δ)}}, {@code clip(δ) = max(−M, min(M, δ))}), so the table has
 * {@code 2M + 1} entries. Immutable.
 */
public final class RelativePositions {
    private final double[] table;
    private final int maxDistance;

    private RelativePositions(double[] table, int maxDistance) {
        this.table = table;
        this.maxDistance = maxDistance;
    }

    /**
     * Returns the distance matrix {@code D_ij = positionsK[j] − positionsQ[i]}, {@code [sq, sk]}, for
     * arbitrary (not necessarily consecutive) positions of the queries and the keys.
     */
    public static INDArray distances(int[] positionsQ, int[] positionsK) {
        requireNonEmpty("positionsQ", positionsQ);
        requireNonEmpty("positionsK", positionsK);
        double[][] d = new double[positionsQ.length][positionsK.length];
        for (int i = 0; i < positionsQ.length; i++) {
            for (int j = 0; j < positionsK.length; j++) {
                d[i][j] = (double) positionsK[j] - positionsQ[i];
            }
        }
        return Nd4j.create(d);
    }

    /** Returns the positions {@code 0, 1, …, seq − 1}. */
    public static int[] range(int seq) {
        if (seq < 1) {
            throw new IllegalArgumentException("seq must be at least 1, got " + seq);
        }
        int[] p = new int[seq];
        Arrays.setAll(p, i -> i);
        return p;
    }

    /**
     * Returns a bias table for distances {@code −maxDistance .. maxDistance} with entries drawn from
     * {@code N(0, std²)} by a generator seeded with {@code seed} (the untrained start of a learned table).
     */
    public static RelativePositions random(int maxDistance, double std, long seed) {
        requireMaxDistance(maxDistance);
        if (!(std > 0) || Double.isInfinite(std)) {
            throw new IllegalArgumentException("std must be positive and finite, got " + std);
        }
        Random rng = new Random(seed);
        double[] t = new double[2 * maxDistance + 1];
        for (int k = 0; k < t.length; k++) {
            t[k] = std * rng.nextGaussian();
        }
        return new RelativePositions(t, maxDistance);
    }

    /**
     * Returns the bias table with the given entries: {@code table[k]} is {@code B_δ} for
     * {@code δ = k − maxDistance}, so the length must be odd, {@code 2·maxDistance + 1}.
     */
    public static RelativePositions of(double[] table) {
        if (table == null || table.length % 2 == 0) {
            throw new IllegalArgumentException("table must hold 2·maxDistance + 1 entries (an odd count), got "
                    + (table == null ? "null" : table.length + " entries"));
        }
        for (int k = 0; k < table.length; k++) {
            if (!Double.isFinite(table[k])) {
                throw new IllegalArgumentException("table[" + k + "] must be finite, got " + table[k]);
            }
        }
        return new RelativePositions(table.clone(), table.length / 2);
    }

    /** Returns {@code M}, the largest distance with its own entry. */
    public int maxDistance() {
        return maxDistance;
    }

    /** Returns the table {@code (B_{−M}, …, B_0, …, B_M)}, a copy. */
    public double[] table() {
        return table.clone();
    }

    /** Returns the bucket of a distance, {@code clip(δ) = max(−M, min(M, δ))}. */
    public int bucket(long distance) {
        return (int) Math.max(-maxDistance, Math.min(maxDistance, distance));
    }

    /** Returns the bias of a distance, {@code B_{clip(δ)}}. */
    public double biasAt(long distance) {
        return table[bucket(distance) + maxDistance];
    }

    /**
     * Returns the additive score bias {@code [sq, sk]} with entries {@code B_{clip(positionsK[j] − positionsQ[i])}},
     * ready for {@link Attention#attend}'s {@code bias} argument.
     */
    public INDArray bias(int[] positionsQ, int[] positionsK) {
        requireNonEmpty("positionsQ", positionsQ);
        requireNonEmpty("positionsK", positionsK);
        INDArray b = Nd4j.zeros(DataType.DOUBLE, positionsQ.length, positionsK.length);
        for (int i = 0; i < positionsQ.length; i++) {
            for (int j = 0; j < positionsK.length; j++) {
                b.putScalar(i, j, biasAt((long) positionsK[j] - positionsQ[i]));
            }
        }
        return b;
    }

    private static void requireMaxDistance(int maxDistance) {
        if (maxDistance < 0) {
            throw new IllegalArgumentException("maxDistance must be at least 0, got " + maxDistance);
        }
    }

    private static void requireNonEmpty(String name, int[] positions) {
        if (positions == null || positions.length == 0) {
            throw new IllegalArgumentException(name + " must hold at least one position, got "
                    + (positions == null ? "null" : "an empty array"));
        }
    }
}
