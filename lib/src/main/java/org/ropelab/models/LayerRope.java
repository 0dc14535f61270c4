package org.ropelab.models;

import org.ropelab.rope.QueryTemperature;
import org.ropelab.rope.RotaryEmbedding;

/**
 * The position encoding of one decoder layer as a Hugging Face config describes it: its index, its
 * {@code layer_types} entry ({@code full_attention} when the config has none), the {@code rope_type}
 * its parameters name, the rotary embedding it applies ({@code null} on a NoPE layer, which rotates
 * nothing), and the query temperature its attention code multiplies the queries by
 * ({@link QueryTemperature#NONE} if none).
 */
public record LayerRope(int index, String layerType, String ropeType, RotaryEmbedding rope, QueryTemperature queryTemperature) {
    /** Checks the index, the names and the temperature. */
    public LayerRope {
        if (index < 0) {
            throw new IllegalArgumentException("index must be at least 0, got " + index);
        }
        if (layerType == null || layerType.isBlank() || ropeType == null || ropeType.isBlank()) {
            throw new IllegalArgumentException("layerType and ropeType must be named, got " + layerType + ", " + ropeType);
        }
        if (queryTemperature == null) {
            throw new IllegalArgumentException("queryTemperature must be given (QueryTemperature.NONE for none), got null");
        }
    }

    /** Returns whether the layer rotates its queries and keys (false on a NoPE layer). */
    public boolean rotates() {
        return rope != null;
    }
}
