package org.ropelab.rope;

/**
 * A position-dependent factor some attention code multiplies the queries by before the scores, on top
 * of RoPE: {@code τ(m) = 1 + β·ln(1 + ⌊(m + offset)/F⌋)} at position {@code m}. Llama 4 applies it on its
 * NoPE layers ({@code attn_temperature_tuning}: {@code β = attn_scale}, {@code F = floor_scale},
 * offset 1); Ministral 3 on every layer ({@code β = rope_parameters.llama_4_scaling_beta},
 * {@code F = original_max_position_embeddings}, offset 0) — both as in transformers 5.23.0's
 * {@code modeling_llama4} and {@code modeling_ministral3}. {@link #NONE} is {@code τ = 1}.
 */
public record QueryTemperature(double beta, double floorScale, double offset) {
    /** No temperature: {@code τ(m) = 1}. */
    public static final QueryTemperature NONE = new QueryTemperature(0, 1, 0);

    /** Checks {@code β ≥ 0}, {@code F > 0} and {@code offset ≥ 0}, all finite. */
    public QueryTemperature {
        if (!(beta >= 0) || !Double.isFinite(beta)) {
            throw new IllegalArgumentException("beta must be finite and at least 0, got " + beta);
        }
        if (!(floorScale > 0) || !Double.isFinite(floorScale)) {
            throw new IllegalArgumentException("floorScale must be finite and positive, got " + floorScale);
        }
        if (!(offset >= 0) || !Double.isFinite(offset)) {
            throw new IllegalArgumentException("offset must be finite and at least 0, got " + offset);
        }
    }

    /** Returns {@code τ(m) = 1 + β·ln(1 + ⌊(m + offset)/F⌋)} for a position {@code m ≥ 0}. */
    public double scale(double position) {
        if (!(position >= 0) || !Double.isFinite(position)) {
            throw new IllegalArgumentException("position must be finite and at least 0, got " + position);
        }
        return 1 + beta * Math.log1p(Math.floor((position + offset) / floorScale));
    }

    /** Returns whether this is {@link #NONE}-like ({@code β = 0}). */
    public boolean isNone() {
        return beta == 0;
    }
}
