package org.ropelab.models;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.ropelab.rope.Pairing;
import org.ropelab.rope.RopeScaling;
import org.ropelab.rope.RotaryEmbedding;
import org.ropelab.scaling.DynamicNtk;
import org.ropelab.scaling.Llama31Scaling;
import org.ropelab.scaling.LongRope;
import org.ropelab.scaling.PositionInterpolation;
import org.ropelab.scaling.Yarn;

/**
 * Reads the RoPE part of a Hugging Face model configuration ({@code config.json}: {@code rope_theta},
 * {@code hidden_size}, {@code num_attention_heads}, {@code head_dim}, {@code partial_rotary_factor},
 * {@code max_position_embeddings}, {@code original_max_position_embeddings}, {@code rope_scaling}) into
 * a {@link RotaryEmbedding} with the matching {@link RopeScaling}, reading each field as
 * {@code transformers.modeling_rope_utils} 4.51 does; and compares the library with the reference
 * fixtures that {@code tools/reference/} writes from those functions.
 *
 * <p>Readings that are Hugging Face's choice: YaRN takes its original context from
 * {@code rope_scaling.original_max_position_embeddings} when present and then uses
 * {@code max_position_embeddings / original} as its factor (else the context is
 * {@code max_position_embeddings} and the factor {@code rope_scaling.factor}); LongRoPE does the same
 * with a top-level {@code original_max_position_embeddings}; dynamic NTK's original context is
 * {@code max_position_embeddings}. The pairing is {@link Pairing#HALF_SPLIT} (rotate-half).
 */
public final class HuggingFaceRope {
    private static final Set<String> TYPES = Set.of("default", "linear", "dynamic", "yarn", "longrope", "llama3");

    private HuggingFaceRope() {
    }

    /** Returns the embedding a configuration describes (JSON text of {@code config.json} or its RoPE fields). */
    public static RotaryEmbedding fromConfig(String configJson) {
        return fromConfig(JsonParser.parseString(configJson).getAsJsonObject());
    }

    /** Returns the embedding a parsed configuration describes. */
    public static RotaryEmbedding fromConfig(JsonObject c) {
        int headDim = c.has("head_dim") && !c.get("head_dim").isJsonNull() ? c.get("head_dim").getAsInt()
                : number(c, "hidden_size").intValue() / number(c, "num_attention_heads").intValue();
        double fraction = c.has("partial_rotary_factor") ? c.get("partial_rotary_factor").getAsDouble() : 1;
        return RotaryEmbedding.of(headDim, Pairing.HALF_SPLIT).withBase(number(c, "rope_theta").doubleValue())
                .withRotaryFraction(fraction).withScaling(scaling(c));
    }

    /** Returns the schedule of a configuration's {@code rope_scaling} ({@link RopeScaling#none()} if absent or {@code default}). */
    public static RopeScaling scaling(JsonObject c) {
        JsonElement e = c.get("rope_scaling");
        if (e == null || e.isJsonNull()) {
            return RopeScaling.none();
        }
        JsonObject s = e.getAsJsonObject();
        String type = s.has("rope_type") ? s.get("rope_type").getAsString() : s.has("type") ? s.get("type").getAsString() : "default";
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("rope_scaling.rope_type must be one of " + TYPES + ", got " + type);
        }
        for (String unsupported : new String[] {"attention_factor", "mscale", "mscale_all_dim", "truncate"}) {
            if (s.has(unsupported) && !s.get(unsupported).isJsonNull()) {
                throw new IllegalArgumentException("rope_scaling." + unsupported + " is not supported, got " + s.get(unsupported));
            }
        }
        long maxLength = number(c, "max_position_embeddings").longValue();
        switch (type) {
            case "linear":
                return PositionInterpolation.of(number(s, "factor").doubleValue());
            case "dynamic":
                return DynamicNtk.of(number(s, "factor").doubleValue(), maxLength);
            case "yarn": {
                boolean own = s.has("original_max_position_embeddings");
                long original = own ? number(s, "original_max_position_embeddings").longValue() : maxLength;
                double factor = own ? (double) maxLength / original : number(s, "factor").doubleValue();
                double fast = s.has("beta_fast") && !s.get("beta_fast").isJsonNull() ? s.get("beta_fast").getAsDouble() : Yarn.DEFAULT_BETA_FAST;
                double slow = s.has("beta_slow") && !s.get("beta_slow").isJsonNull() ? s.get("beta_slow").getAsDouble() : Yarn.DEFAULT_BETA_SLOW;
                return Yarn.of(factor, original, fast, slow);
            }
            case "longrope": {
                boolean top = c.has("original_max_position_embeddings");
                long original = top ? number(c, "original_max_position_embeddings").longValue() : maxLength;
                double factor = top ? (double) maxLength / original : number(s, "factor").doubleValue();
                return LongRope.of(doubles(s, "short_factor"), doubles(s, "long_factor"), original, factor);
            }
            case "llama3":
                return Llama31Scaling.of(number(s, "factor").doubleValue(), number(s, "low_freq_factor").doubleValue(),
                        number(s, "high_freq_factor").doubleValue(), number(s, "original_max_position_embeddings").longValue());
            default:
                return RopeScaling.none();
        }
    }

    /** The library against one fixture case: the largest relative error of the frequencies and the attention factor's error. */
    public record CaseError(String ropeType, String scaling, int rotaryDim, long sequenceLength, double frequencyError,
            double attentionFactorError) {
    }

    /** The library against one fixture file. */
    public record Agreement(String ropeType, String transformersVersion, String dtype, int cases, double maxFrequencyError,
            double maxAttentionFactorError, double float32Difference) {
    }

    /**
     * Returns the library's error on every case of a fixture file: for each, the embedding of its
     * {@code config} at length {@code L = seq_len} ({@code 1} when {@code seq_len} is null, which gives
     * Hugging Face's default frequencies), {@code max_i |θ_i − inv_freq_i| / |inv_freq_i|} and
     * {@code |a − attention_factor|}.
     */
    public static List<CaseError> caseErrors(Path fixture) throws IOException {
        JsonObject doc = JsonParser.parseString(Files.readString(fixture)).getAsJsonObject();
        String type = fixture.getFileName().toString().replace(".json", "");
        List<CaseError> errors = new ArrayList<>();
        for (JsonElement e : doc.getAsJsonArray("cases")) {
            JsonObject c = e.getAsJsonObject();
            RotaryEmbedding rope = fromConfig(c.getAsJsonObject("config"));
            long length = c.get("seq_len").isJsonNull() ? 1 : c.get("seq_len").getAsLong();
            double[] expected = doubles(c, "inv_freq");
            double[] actual = rope.thetas(length);
            if (actual.length != expected.length) {
                throw new IllegalStateException(rope + " has " + actual.length + " pairs, the fixture " + expected.length);
            }
            double err = 0;
            for (int i = 0; i < expected.length; i++) {
                err = Math.max(err, Math.abs(actual[i] - expected[i]) / Math.abs(expected[i]));
            }
            double factorErr = Math.abs(rope.attentionFactor(length) - c.get("attention_factor").getAsDouble());
            errors.add(new CaseError(type, rope.scaling().name(), rope.rotaryDim(), length, err, factorErr));
        }
        return errors;
    }

    /** Returns the summary of {@link #caseErrors} for a fixture file, with the versions it records. */
    public static Agreement agreement(Path fixture) throws IOException {
        JsonObject doc = JsonParser.parseString(Files.readString(fixture)).getAsJsonObject();
        List<CaseError> errors = caseErrors(fixture);
        return new Agreement(errors.isEmpty() ? "" : errors.get(0).ropeType(), doc.get("transformers_version").getAsString(),
                doc.get("dtype").getAsString(), errors.size(),
                errors.stream().mapToDouble(CaseError::frequencyError).max().orElse(0),
                errors.stream().mapToDouble(CaseError::attentionFactorError).max().orElse(0),
                doc.get("float32_max_relative_difference").getAsDouble());
    }

    private static Number number(JsonObject o, String key) {
        if (!o.has(key) || o.get(key).isJsonNull()) {
            throw new IllegalArgumentException(key + " must be given, got nothing in " + o.keySet());
        }
        return o.get(key).getAsNumber();
    }

    private static double[] doubles(JsonObject o, String key) {
        if (!o.has(key) || !o.get(key).isJsonArray()) {
            throw new IllegalArgumentException(key + " must be a list of numbers, got " + o.get(key));
        }
        var a = o.getAsJsonArray(key);
        double[] v = new double[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.get(i).getAsDouble();
        }
        return v;
    }
}
