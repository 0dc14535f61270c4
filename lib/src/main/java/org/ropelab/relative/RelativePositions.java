package org.ropelab.relative;

import java.util.Arrays;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ropelab.attention.Attention;

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
        int n = positionsK.length;
        double[] b = new double[Math.multiplyExact(positionsQ.length, n)];
        for (int i = 0; i < positionsQ.length; i++) {
            for (int j = 0; j < n; j++) {
                b[i * n + j] = biasAt((long) positionsK[j] - positionsQ[i]);
            }
        }
        return Nd4j.create(b, new long[] {positionsQ.length, n}, DataType.DOUBLE);
    }

    /**
     * Returns T5's bucket of the distance {@code δ = j − i} (key minus query) with the defaults of T5:
     * 32 buckets, maximum distance 128; see {@link #t5Bucket(long, boolean, int, int)}.
     */
    public static int t5Bucket(long distance, boolean bidirectional) {
        return t5Bucket(distance, bidirectional, 32, 128);
    }

    /**
     * Returns T5's bucket of the distance {@code δ = j − i} (key minus query), in {@code [0, buckets)}.
     * Bidirectional: {@code n = ⌊buckets/2⌋} buckets per direction, keys after the query
     * ({@code δ > 0}) offset by {@code n}, {@code a = |δ|}; causal: {@code n = buckets},
     * {@code a = max(0, −δ)} (keys after the query count as distance 0). Of the {@code n}, the first
     * {@code e = ⌊n/2⌋} are exact ({@code a < e} → {@code a}); beyond,
     * {@code min(n − 1, e + ⌊ln(a/e)/ln(maxDistance/e)·(n − e)⌋)}: log-spaced up to {@code maxDistance},
     * every larger distance in the last bucket. (T5's rule, as Mesh TensorFlow and Hugging Face's
     * {@code T5Attention._relative_position_bucket} compute it.)
     */
    public static int t5Bucket(long distance, boolean bidirectional, int buckets, int maxDistance) {
        int least = bidirectional ? 4 : 2;
        if (buckets < least) {
            throw new IllegalArgumentException("buckets must be at least " + least + (bidirectional ? " when bidirectional" : "")
                    + ", got " + buckets);
        }
        int n = bidirectional ? buckets / 2 : buckets;
        int exact = n / 2;
        if (maxDistance <= exact) {
            throw new IllegalArgumentException("maxDistance must be above the exact range (" + exact + " distances), got " + maxDistance);
        }
        int offset = bidirectional && distance > 0 ? n : 0;
        double a = bidirectional ? Math.abs((double) distance) : Math.max(0, -(double) distance);
        if (a < exact) {
            return offset + (int) a;
        }
        double logBucket = Math.log(a / exact) / Math.log((double) maxDistance / exact) * (n - exact);
        return offset + (int) Math.min(n - 1, exact + Math.floor(logBucket));
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
