package org.ropelab.rope;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Interleaved RoPE and NoPE layers (Llama 4's "iRoPE"): layer {@code ℓ} (from 0) uses RoPE when
 * {@code (ℓ + 1) mod n ≠ 0} and no position encoding (NoPE) otherwise; the RoPE layers attend within
 * chunks of {@code c} tokens (chunked local attention), the NoPE layers attend causally to everything
 * and scale their queries by the temperature {@code τ(p) = 1 + a·ln(⌊(p + 1)/f⌋ + 1)} at position
 * {@code p}, which is 1 for {@code p + 1 < f} and grows like {@code a·ln p} after. Immutable.
 */
public final class IRope {
    private final int noRopeInterval;
    private final int chunkSize;
    private final QueryTemperature temperature;

    private IRope(int noRopeInterval, int chunkSize, QueryTemperature temperature) {
        this.noRopeInterval = noRopeInterval;
        this.chunkSize = chunkSize;
        this.temperature = temperature;
    }

    /**
     * Returns the layout with a NoPE layer every {@code noRopeInterval ≥ 2} layers, RoPE chunks of
     * {@code chunkSize ≥ 1} tokens, temperature strength {@code attnScale ≥ 0} and floor scale
     * {@code floorScale ≥ 1}.
     */
    public static IRope of(int noRopeInterval, int chunkSize, double attnScale, double floorScale) {
        if (noRopeInterval < 2) {
            throw new IllegalArgumentException("noRopeInterval must be at least 2, got " + noRopeInterval);
        }
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunkSize must be at least 1, got " + chunkSize);
        }
        if (!(attnScale >= 0) || Double.isInfinite(attnScale)) {
            throw new IllegalArgumentException("attnScale must be finite and at least 0, got " + attnScale);
        }
        if (!(floorScale >= 1) || Double.isInfinite(floorScale)) {
            throw new IllegalArgumentException("floorScale must be finite and at least 1, got " + floorScale);
        }
        return new IRope(noRopeInterval, chunkSize, new QueryTemperature(attnScale, floorScale, 1));
    }

    /** Returns whether layer {@code ℓ ≥ 0} uses RoPE: {@code (ℓ + 1) mod n ≠ 0}. */
    public boolean usesRope(int layer) {
        if (layer < 0) {
            throw new IllegalArgumentException("layer must be at least 0, got " + layer);
        }
        return (layer + 1) % noRopeInterval != 0;
    }

    /** Returns the chunk size {@code c} of the RoPE layers' attention. */
    public int chunkSize() {
        return chunkSize;
    }

    /** Returns the NoPE layers' query temperature {@code τ(p) = 1 + a·ln(⌊(p + 1)/f⌋ + 1)} at position {@code p ≥ 0}. */
    public double temperature(double position) {
        return temperature.scale(position);
    }

    /**
     * Returns the additive chunked causal mask {@code [seq, seq]} of the RoPE layers: {@code 0} where
     * {@code j ≤ i} and {@code ⌊i/c⌋ = ⌊j/c⌋}, {@code −∞} elsewhere.
     */
    public INDArray chunkedCausalMask(int seq) {
        if (seq < 1) {
            throw new IllegalArgumentException("seq must be at least 1, got " + seq);
        }
        double[][] m = new double[seq][seq];
        for (int i = 0; i < seq; i++) {
            for (int j = 0; j < seq; j++) {
                m[i][j] = j <= i && i / chunkSize == j / chunkSize ? 0 : Double.NEGATIVE_INFINITY;
            }
        }
        return Nd4j.create(m).castTo(DataType.DOUBLE);
    }
}
