package org.ropelab.models;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ropelab.rope.Pairing;
import org.ropelab.rope.QueryTemperature;
import org.ropelab.rope.RopeScaling;
import org.ropelab.rope.RotaryEmbedding;
import org.ropelab.scaling.DynamicNtk;
import org.ropelab.scaling.Llama31Scaling;
import org.ropelab.scaling.LongRope;
import org.ropelab.scaling.PositionInterpolation;
import org.ropelab.scaling.Proportional;
import org.ropelab.scaling.Yarn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Reads the RoPE of a Hugging Face {@code config.json} layer by layer, as transformers 5.23.0 reads it
 * ({@code RotaryEmbeddingConfigMixin.standardize_rope_params}, the model config classes and
 * {@code modeling_rope_utils.ROPE_INIT_FUNCTIONS}), and compares the library with the fixtures that
 * {@code tools/reference/} writes from those functions.
 *
 * <p>What is read: the {@code text_config} when there is one; the RoPE parameters from
 * {@code rope_parameters}, else the legacy {@code rope_scaling}, either one dict or one per layer type
 * (its keys among {@code layer_types}; an entry {@code null} is a NoPE layer type); {@code rope_theta}
 * and {@code partial_rotary_factor} inside it, else at the top level, else the model type's default;
 * {@code rope_type} (or the legacy {@code type}), one of {@link #ROPE_TYPES}. For {@code llama3},
 * {@code yarn} and {@code longrope} the original context is a top-level
 * {@code original_max_position_embeddings} when the parameters are one dict and it is given, else the
 * parameters' own, else {@code max_position_embeddings}. An explicit YaRN or LongRoPE {@code factor} is
 * used as given; without one, {@code max_position_embeddings / original}. The rotary width is
 * {@code ⌊head_dim·partial_rotary_factor⌋} (transformers' {@code int()}), except that the
 * {@code default} type of most model types rotates the whole head whatever the factor (only the GPT-NeoX,
 * Phi-3, GLM, StableLM-like types below read it there) and {@code proportional} always lays out the whole head.
 *
 * <p>Model-type rules, each from that type's transformers 5.23.0 config and modeling code:
 * {@code gemma3}: per-layer-type parameters always, {@code rope_scaling} applies to full attention only,
 * the sliding layers' base is {@code rope_local_base_freq} (default 10⁴), the global default 10⁶,
 * {@code head_dim} default 256, layer types from {@code sliding_window_pattern} (default 6);
 * {@code gemma4}: default sliding {@code default}/10⁴ and full {@code proportional}/0.25/10⁶, full layers
 * use {@code global_head_dim} (default 512); {@code phi3}: legacy types {@code su} and {@code yarn} mean
 * {@code longrope} and need their own {@code original_max_position_embeddings} (transformers validates
 * them before renaming them), though a top-level one then takes its place; {@code gpt_neox}: {@code rotary_emb_base} and {@code rotary_pct} (default 0.25);
 * {@code glm}, {@code glm4}: {@code head_dim} default 128, partial 0.5, interleaved pairs; {@code phi},
 * {@code persimmon}: partial 0.5; {@code stablelm}, {@code qwen3_next}: partial 0.25;
 * {@code deepseek_v3} (and {@code kimi_k2}, which declares its architecture): the rotary head is
 * {@code qk_rope_head_dim} (default 64), pairs interleaved unless {@code rope_interleave} is false, and
 * the softmax scale times {@code m(s, mscale_all_dim)²}; {@code llama4}: base 5·10⁵, interleaved
 * pairs, NoPE layers where {@code no_rope_layers[i]} is 0 (default every fourth) with the query
 * temperature of {@link QueryTemperature}, and without {@code layer_types} the RoPE layers typed
 * {@code chunked_attention}, the NoPE layers {@code full_attention}; {@code ministral3}: the query temperature from
 * {@code llama_4_scaling_beta}; {@code gpt_oss}: base 1.5·10⁵ and its YaRN default; {@code qwen2_vl},
 * {@code qwen2_5_vl}, {@code qwen3_vl}: {@code mrope} means {@code default}, with its sections kept.
 * Other model types get the generic rules (base 10⁴, pairs split in halves).
 */
public final class HuggingFaceRope {
    /** The transformers release this reader follows. */
    public static final String TRANSFORMERS_VERSION = "5.23.0";
    /** The rope types it reads: {@code default} plus transformers' {@code ROPE_INIT_FUNCTIONS}. */
    public static final List<String> ROPE_TYPES = List.of("default", "linear", "dynamic", "yarn", "longrope", "llama3", "proportional");

    private static final Set<String> WITH_ORIGINAL = Set.of("llama3", "yarn", "longrope");
    private static final Set<String> DEFAULT_READS_PARTIAL = Set.of("phi3", "gpt_neox", "glm", "glm4", "stablelm", "qwen3_next", "persimmon", "phi");

    private HuggingFaceRope() {
    }

    /** Returns the layer-by-layer RoPE of a {@code config.json} text. */
    public static ModelRope read(String configJson) {
        return read(object(configJson));
    }

    /** Returns the layer-by-layer RoPE of a parsed {@code config.json} (see the class comment for the rules). */
    public static ModelRope read(JsonObject config) {
        if (config == null) {
            throw new IllegalArgumentException("config must be a JSON object, got null");
        }
        JsonObject c = config;
        String modelType = string(config, "model_type", "");
        if (present(config, "text_config")) {
            c = obj(config, "text_config");
            modelType = string(c, "model_type", modelType);
        }
        String family = family(modelType);
        int layerCount = present(c, "num_hidden_layers") ? positiveInt(c, "num_hidden_layers") : -1;
        List<String> layerTypes = layerTypes(c, family, layerCount);
        JsonArray noRope = family.equals("llama4") ? llama4NoRope(c, Math.max(layerCount, layerTypes.size())) : null;
        if (noRope != null && !present(c, "layer_types")) {
            for (int i = 0; i < layerTypes.size(); i++) {
                layerTypes.set(i, noRope.get(i).getAsInt() != 0 ? "chunked_attention" : "full_attention");
            }
        }
        JsonObject rope = ropeDict(c, family);
        boolean nested = nested(rope, layerTypes, family);
        Map<String, JsonObject> params = new LinkedHashMap<>();
        for (String type : layerTypes) {
            if (!params.containsKey(type)) {
                if (nested && !rope.has(type)) {
                    throw new IllegalArgumentException("rope_parameters must have an entry for layer type '" + type + "', got keys " + rope.keySet());
                }
                JsonElement e = nested ? rope.get(type) : rope;
                if (!e.isJsonNull() && !e.isJsonObject()) {
                    throw new IllegalArgumentException("rope_parameters." + type + " must be a JSON object or null (NoPE), got " + e);
                }
                params.put(type, e.isJsonNull() ? null : standardize(c, family, e.getAsJsonObject(), nested ? "rope_parameters." + type : "rope_parameters", !nested));
            }
        }
        Map<String, RotaryEmbedding> ropes = new LinkedHashMap<>();
        for (Map.Entry<String, JsonObject> p : params.entrySet()) {
            ropes.put(p.getKey(), p.getValue() == null ? null : embedding(c, family, p.getKey(), p.getValue(), rope));
        }
        List<LayerRope> layers = new ArrayList<>();
        for (int i = 0; i < layerTypes.size(); i++) {
            String type = layerTypes.get(i);
            JsonObject p = params.get(type);
            boolean rotates = p != null && (noRope == null || noRope.get(i).getAsInt() != 0);
            layers.add(new LayerRope(i, type, p == null ? "none" : p.get("rope_type").getAsString(), rotates ? ropes.get(type) : null,
                    temperature(c, family, p, rotates)));
        }
        JsonObject flat = nested ? firstNonNull(params) : params.values().iterator().next();
        return new ModelRope(modelType, layers, softmaxScaleFactor(family, flat), sections(flat), flat != null && flat.has("mrope_interleaved")
                && bool(flat, "mrope_interleaved", "rope_parameters"));
    }

    /**
     * Returns the embedding of the config's full-attention layers (its first rotating layer when it has
     * none of that type): for a config with one set of RoPE parameters, the model's RoPE.
     */
    public static RotaryEmbedding fromConfig(String configJson) {
        return fromConfig(object(configJson));
    }

    /** Returns the embedding of a parsed config's full-attention layers (see {@link #fromConfig(String)}). */
    public static RotaryEmbedding fromConfig(JsonObject config) {
        ModelRope m = read(config);
        LayerRope chosen = null;
        for (LayerRope l : m.layers()) {
            if (l.rotates() && (chosen == null || l.layerType().equals("full_attention") && !chosen.layerType().equals("full_attention"))) {
                chosen = l;
            }
        }
        if (chosen == null) {
            throw new IllegalArgumentException("config must have a rotating layer, got only NoPE layers in " + m);
        }
        return chosen.rope();
    }

    /** Returns the schedule of a config's full-attention layers ({@link RopeScaling#none()} for {@code default}). */
    public static RopeScaling scaling(JsonObject config) {
        return fromConfig(config).scaling();
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
     * Returns the library's error on every case of a fixture file: for each, the layer of type
     * {@code layer_type} (the first layer when null) of the {@link #read} of its {@code config} at length
     * {@code L = seq_len} ({@code 1} when null, which gives Hugging Face's frequencies at initialisation),
     * {@code max_i |θ_i − inv_freq_i| / |inv_freq_i|} (absolute where {@code inv_freq_i = 0}) and
     * {@code |a − attention_factor|}.
     */
    public static List<CaseError> caseErrors(Path fixture) throws IOException {
        return caseErrors(JsonParser.parseString(Files.readString(fixture)).getAsJsonObject());
    }

    private static List<CaseError> caseErrors(JsonObject doc) {
        List<CaseError> errors = new ArrayList<>();
        for (JsonElement e : doc.getAsJsonArray("cases")) {
            JsonObject c = e.getAsJsonObject();
            ModelRope model = read(c.getAsJsonObject("config"));
            LayerRope layer = c.has("layer_type") && !c.get("layer_type").isJsonNull()
                    ? model.byLayerType().get(c.get("layer_type").getAsString()) : model.layer(0);
            if (layer == null || !layer.rotates()) {
                throw new IllegalStateException("the fixture case's layer " + c.get("layer_type") + " does not rotate in " + model);
            }
            RotaryEmbedding rope = layer.rope();
            long length = c.get("seq_len").isJsonNull() ? 1 : c.get("seq_len").getAsLong();
            double[] expected = doubles(c, "inv_freq", "inv_freq");
            double[] actual = rope.thetas(length);
            if (actual.length != expected.length) {
                throw new IllegalStateException(rope + " has " + actual.length + " pairs, the fixture " + expected.length);
            }
            double err = 0;
            for (int i = 0; i < expected.length; i++) {
                double d = Math.abs(actual[i] - expected[i]);
                err = Math.max(err, expected[i] == 0 ? d : d / Math.abs(expected[i]));
            }
            double factorErr = Math.abs(rope.attentionFactor(length) - c.get("attention_factor").getAsDouble());
            errors.add(new CaseError(layer.ropeType(), rope.scaling().name(), rope.rotaryDim(), length, err, factorErr));
        }
        return errors;
    }

    /** Returns the summary of {@link #caseErrors} for a fixture file, with the versions it records. */
    public static Agreement agreement(Path fixture) throws IOException {
        JsonObject doc = JsonParser.parseString(Files.readString(fixture)).getAsJsonObject();
        List<CaseError> errors = caseErrors(doc);
        return new Agreement(fixture.getFileName().toString().replace(".json", ""), doc.get("transformers_version").getAsString(),
                doc.get("dtype").getAsString(), errors.size(),
                errors.stream().mapToDouble(CaseError::frequencyError).max().orElse(0),
                errors.stream().mapToDouble(CaseError::attentionFactorError).max().orElse(0),
                doc.get("float32_max_relative_difference").getAsDouble());
    }

    /**
     * Returns a fixture file of published configs as a table, one row per case, every value read through
     * {@link #read} from the case's {@code config}: {@code model}, {@code layer type}, {@code rope type},
     * {@code base}, {@code factor} and {@code original length} (missing where the schedule has none),
     * {@code rotated dims} of {@code head dim} ({@code 2 × } the pairs with {@code θ_i ≠ 0}), {@code layer kinds}
     * (the config's layer types, in order), {@code attention factor}, {@code softmax scale ×}
     * ({@link ModelRope#softmaxScaleFactor}), {@code M-RoPE sections} (with their layout; empty for 1-D RoPE), the library's error against the case
     * ({@link #caseErrors}: {@code max rel. error θ}, {@code |Δ attention factor|}) and the case's
     * {@code source}; then one row per name in {@code notSourced}, every value missing and the source
     * {@code not sourced}.
     */
    public static Table modelTable(Path fixture, String... notSourced) throws IOException {
        for (String name : notSourced) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("notSourced must hold model names, got a blank name in " + java.util.Arrays.toString(notSourced));
            }
        }
        JsonObject doc = JsonParser.parseString(Files.readString(fixture)).getAsJsonObject();
        List<CaseError> errors = caseErrors(doc);
        StringColumn model = StringColumn.create("model");
        StringColumn layerType = StringColumn.create("layer type");
        StringColumn ropeType = StringColumn.create("rope type");
        DoubleColumn base = DoubleColumn.create("base");
        DoubleColumn factor = DoubleColumn.create("factor");
        IntColumn original = IntColumn.create("original length");
        IntColumn rotated = IntColumn.create("rotated dims");
        IntColumn head = IntColumn.create("head dim");
        StringColumn kinds = StringColumn.create("layer kinds");
        DoubleColumn attention = DoubleColumn.create("attention factor");
        DoubleColumn softmax = DoubleColumn.create("softmax scale ×");
        StringColumn mrope = StringColumn.create("M-RoPE sections");
        DoubleColumn error = DoubleColumn.create("max rel. error θ");
        DoubleColumn factorError = DoubleColumn.create("|Δ attention factor|");
        StringColumn source = StringColumn.create("source");
        JsonArray cases = doc.getAsJsonArray("cases");
        for (int i = 0; i < cases.size(); i++) {
            JsonObject c = cases.get(i).getAsJsonObject();
            if (!present(c, "model") || !present(c, "source")) {
                throw new IllegalArgumentException("fixture case " + i + " of " + fixture.getFileName() + " must name its model and source, got keys " + c.keySet());
            }
            ModelRope m = read(c.getAsJsonObject("config"));
            LayerRope layer = present(c, "layer_type") ? m.byLayerType().get(c.get("layer_type").getAsString()) : m.layer(0);
            RopeScaling s = layer.rope().scaling();
            model.append(c.get("model").getAsString());
            layerType.append(layer.layerType());
            ropeType.append(layer.ropeType());
            base.append(layer.rope().base());
            factor.append(factorOf(s));
            long l0 = originalOf(s);
            if (l0 > 0) {
                original.append((int) l0);
            } else {
                original.appendMissing();
            }
            rotated.append(ModelRope.turningDims(layer));
            head.append(layer.rope().dim());
            kinds.append(String.join(", ", m.byLayerType().keySet()));
            attention.append(layer.rope().attentionFactor(1));
            softmax.append(m.softmaxScaleFactor());
            int[] sections = m.mropeSections();
            mrope.append(sections.length == 0 ? "" : java.util.Arrays.toString(sections) + (m.mropeInterleaved() ? " interleaved" : " chunked"));
            error.append(errors.get(i).frequencyError());
            factorError.append(errors.get(i).attentionFactorError());
            source.append(c.get("source").getAsString());
        }
        for (String name : notSourced) {
            model.append(name);
            for (StringColumn col : List.of(layerType, ropeType, kinds, mrope)) {
                col.appendMissing();
            }
            for (DoubleColumn col : List.of(base, factor, attention, softmax, error, factorError)) {
                col.appendMissing();
            }
            for (IntColumn col : List.of(original, rotated, head)) {
                col.appendMissing();
            }
            source.append("not sourced: no published config in the fixtures");
        }
        return Table.create("Published configs read by the library, against transformers " + doc.get("transformers_version").getAsString(),
                model, layerType, ropeType, base, factor, original, rotated, head, kinds, attention, softmax, mrope, error, factorError, source);
    }

    /** Returns the scaling factor of a schedule, NaN for one without (RoFormer's). */
    private static double factorOf(RopeScaling s) {
        if (s instanceof PositionInterpolation p) {
            return p.factor();
        } else if (s instanceof Yarn y) {
            return y.factor();
        } else if (s instanceof Llama31Scaling l) {
            return l.factor();
        } else if (s instanceof LongRope l) {
            return l.factor();
        } else if (s instanceof DynamicNtk d) {
            return d.factor();
        } else if (s instanceof Proportional p) {
            return p.factor();
        }
        return Double.NaN;
    }

    /** Returns the original context of a schedule, 0 for one without. */
    private static long originalOf(RopeScaling s) {
        if (s instanceof Yarn y) {
            return y.originalLength();
        } else if (s instanceof Llama31Scaling l) {
            return l.originalLength();
        } else if (s instanceof LongRope l) {
            return l.originalLength();
        } else if (s instanceof DynamicNtk d) {
            return d.originalLength();
        }
        return 0;
    }

    // ---- reading

    private static String family(String modelType) {
        String t = modelType.endsWith("_text") ? modelType.substring(0, modelType.length() - 5) : modelType;
        return t.equals("kimi_k2") ? "deepseek_v3" : t;
    }

    private static List<String> layerTypes(JsonObject c, String family, int layerCount) {
        List<String> types = new ArrayList<>();
        if (present(c, "layer_types")) {
            JsonElement e = c.get("layer_types");
            if (!e.isJsonArray()) {
                throw new IllegalArgumentException("layer_types must be a list of layer type names, got " + e);
            }
            for (JsonElement t : e.getAsJsonArray()) {
                if (!t.isJsonPrimitive() || !t.getAsJsonPrimitive().isString()) {
                    throw new IllegalArgumentException("layer_types must be a list of layer type names, got " + t + " in " + e);
                }
                types.add(t.getAsString());
            }
            if (layerCount >= 0 && types.size() != layerCount) {
                throw new IllegalArgumentException("layer_types must have num_hidden_layers = " + layerCount + " entries, got " + types.size());
            }
            if (types.isEmpty()) {
                throw new IllegalArgumentException("layer_types must name at least one layer, got []");
            }
            return types;
        }
        int n = Math.max(layerCount, 1);
        for (int i = 0; i < n; i++) {
            switch (family) {
                case "gemma3", "gemma4" -> {
                    int pattern = family.equals("gemma3") && present(c, "sliding_window_pattern") ? positiveInt(c, "sliding_window_pattern") : 6;
                    types.add((i + 1) % pattern != 0 && !(family.equals("gemma4") && i == n - 1) ? "sliding_attention" : "full_attention");
                }
                case "gpt_oss" -> types.add(i % 2 == 0 ? "sliding_attention" : "full_attention");
                default -> types.add("full_attention");
            }
        }
        return types;
    }

    private static JsonObject ropeDict(JsonObject c, String family) {
        JsonObject given = null;
        for (String key : new String[] {"rope_parameters", "rope_scaling"}) {
            if (given == null && present(c, key)) {
                given = obj(c, key).deepCopy();
            }
        }
        switch (family) {
            case "gemma3" -> {
                JsonObject r = present(c, "rope_parameters") ? obj(c, "rope_parameters").deepCopy() : new JsonObject();
                for (String t : new String[] {"sliding_attention", "full_attention"}) {
                    if (!r.has(t) || r.get(t).isJsonNull()) {
                        JsonObject d = new JsonObject();
                        d.addProperty("rope_type", "default");
                        r.add(t, d);
                    }
                }
                if (!present(c, "rope_parameters") && present(c, "rope_scaling")) {
                    for (Map.Entry<String, JsonElement> e : obj(c, "rope_scaling").entrySet()) {
                        r.getAsJsonObject("full_attention").add(e.getKey(), e.getValue());
                    }
                }
                setDefault(r.getAsJsonObject("full_attention"), "rope_theta", present(c, "rope_theta") ? c.get("rope_theta") : new JsonPrimitive(1e6));
                setDefault(r.getAsJsonObject("sliding_attention"), "rope_theta",
                        present(c, "rope_local_base_freq") ? c.get("rope_local_base_freq") : new JsonPrimitive(1e4));
                return r;
            }
            case "gemma4" -> {
                return given != null ? given : object("{\"sliding_attention\": {\"rope_type\": \"default\", \"rope_theta\": 10000.0},"
                        + " \"full_attention\": {\"rope_type\": \"proportional\", \"partial_rotary_factor\": 0.25, \"rope_theta\": 1000000.0}}");
            }
            case "gpt_oss" -> {
                return given != null ? given : object("{\"rope_type\": \"yarn\", \"factor\": 32.0, \"beta_fast\": 32.0, \"beta_slow\": 1.0,"
                        + " \"truncate\": false, \"original_max_position_embeddings\": 4096}");
            }
            default -> {
                return given != null ? given : new JsonObject();
            }
        }
    }

    private static boolean nested(JsonObject rope, List<String> layerTypes, String family) {
        if (family.equals("gemma3") || family.equals("gemma4")) {
            return true;
        }
        for (String key : rope.keySet()) {
            if (layerTypes.contains(key)) {
                return true;
            }
        }
        return false;
    }

    /** The per-layer-type (or only) parameter dict with type, theta, partial factor and original context filled in. */
    private static JsonObject standardize(JsonObject c, String family, JsonObject given, String where, boolean flat) {
        JsonObject p = given.deepCopy();
        String type = p.has("rope_type") && !p.get("rope_type").isJsonNull() ? string(p, "rope_type", where)
                : p.has("type") && !p.get("type").isJsonNull() ? string(p, "type", where) : "default";
        if (family.matches("qwen2_vl|qwen2_5_vl|qwen3_vl|qwen3_vl_moe") && type.equals("mrope")) {
            type = "default";
        }
        if (family.equals("phi3") && (type.equals("su") || type.equals("yarn"))) {
            // transformers 5.23 validates Phi-3's legacy types before renaming them, so the dict must carry its
            // own original context (a KeyError there otherwise), though a top-level one then takes its place
            if (!present(p, "original_max_position_embeddings")) {
                throw new IllegalArgumentException(where + ".original_max_position_embeddings must be given for Phi-3's legacy rope_type '"
                        + type + "', got nothing in " + p.keySet());
            }
            type = "longrope";
        }
        if (WITH_ORIGINAL.contains(type)) {
            if (flat && present(c, "original_max_position_embeddings")) {
                p.add("original_max_position_embeddings", c.get("original_max_position_embeddings"));
            } else if (!present(p, "original_max_position_embeddings")) {
                p.addProperty("original_max_position_embeddings", positiveInt(c, "max_position_embeddings"));
            }
        }
        if (!ROPE_TYPES.contains(type)) {
            throw new IllegalArgumentException(where + ".rope_type must be one of " + ROPE_TYPES + ", got '" + type + "'");
        }
        p.addProperty("rope_type", type);
        if (family.equals("gpt_neox")) {
            setDefault(p, "rope_theta", present(c, "rotary_emb_base") ? c.get("rotary_emb_base") : new JsonPrimitive(1e4));
            setDefault(p, "partial_rotary_factor", present(c, "rotary_pct") ? c.get("rotary_pct") : new JsonPrimitive(0.25));
        }
        if (!family.equals("gemma4")) {
            setDefault(p, "rope_theta", present(c, "rope_theta") ? c.get("rope_theta") : new JsonPrimitive(defaultTheta(family)));
        }
        if (present(c, "partial_rotary_factor")) {
            setDefault(p, "partial_rotary_factor", c.get("partial_rotary_factor"));
        } else if (family.matches("glm|glm4|phi|persimmon")) {
            setDefault(p, "partial_rotary_factor", new JsonPrimitive(0.5));
        } else if (family.matches("stablelm|qwen3_next")) {
            setDefault(p, "partial_rotary_factor", new JsonPrimitive(0.25));
        } else if (family.equals("phi3")) {
            setDefault(p, "partial_rotary_factor", new JsonPrimitive(1.0));
        }
        return p;
    }

    private static RotaryEmbedding embedding(JsonObject c, String family, String layerType, JsonObject p, JsonObject outer) {
        String where = outer == p || !outer.has(layerType) ? "rope_parameters" : "rope_parameters." + layerType;
        String type = p.get("rope_type").getAsString();
        int head = headDim(c, family, layerType);
        double base = positive(p, "rope_theta", where);
        if (!(base > 1)) {
            throw new IllegalArgumentException(where + ".rope_theta must be finite and greater than 1, got " + base);
        }
        double partial = present(p, "partial_rotary_factor") ? positive(p, "partial_rotary_factor", where) : 1;
        if (partial > 1) {
            throw new IllegalArgumentException(where + ".partial_rotary_factor must be in (0, 1], got " + partial);
        }
        boolean readsPartial = !type.equals("proportional") && (!type.equals("default") || DEFAULT_READS_PARTIAL.contains(family));
        int rotary = readsPartial ? (int) (head * partial) : head;
        if (rotary < 2 || rotary % 2 != 0) {
            throw new IllegalArgumentException("the rotary width ⌊head_dim·partial_rotary_factor⌋ must be even and at least 2, got ⌊"
                    + head + "·" + partial + "⌋ = " + rotary);
        }
        RopeScaling scaling = switch (type) {
            case "linear" -> PositionInterpolation.of(positive(p, "factor", where));
            case "dynamic" -> DynamicNtk.of(positive(p, "factor", where), positiveInt(c, "max_position_embeddings"));
            case "yarn" -> yarn(c, p, outer, where);
            case "longrope" -> longRope(c, p, where, rotary);
            case "llama3" -> Llama31Scaling.of(positive(p, "factor", where), positive(p, "low_freq_factor", where),
                    positive(p, "high_freq_factor", where), positiveInt(p, "original_max_position_embeddings", where));
            case "proportional" -> Proportional.of(present(p, "partial_rotary_factor") ? partial : 1,
                    present(p, "factor") ? positive(p, "factor", where) : 1);
            default -> RopeScaling.none();
        };
        return RotaryEmbedding.of(head, pairing(c, family)).withBase(base).withRotaryFraction((double) rotary / head).withScaling(scaling);
    }

    private static Yarn yarn(JsonObject c, JsonObject p, JsonObject outer, String where) {
        long original = positiveInt(p, "original_max_position_embeddings", where);
        if (!p.has("factor")) {
            throw new IllegalArgumentException(where + ".factor must be given for rope_type yarn, got nothing in " + p.keySet());
        }
        double factor = p.get("factor").isJsonNull() ? (double) positiveInt(c, "max_position_embeddings") / original : positive(p, "factor", where);
        // transformers reads 0 or null betas as the defaults (`get("beta_fast") or 32`)
        double fast = present(p, "beta_fast") ? nonNegative(p, "beta_fast", where) : 0;
        double slow = present(p, "beta_slow") ? nonNegative(p, "beta_slow", where) : 0;
        Yarn y = Yarn.of(factor, original).withBetas(fast == 0 ? Yarn.DEFAULT_BETA_FAST : fast, slow == 0 ? Yarn.DEFAULT_BETA_SLOW : slow);
        // transformers 5.23 reads `truncate` from the top of rope_parameters, not from a per-layer-type entry
        if (present(outer, "truncate")) {
            y = y.withTruncate(bool(outer, "truncate", "rope_parameters"));
        }
        y = y.withMscale(present(p, "mscale") ? nonNegative(p, "mscale", where) : 0,
                present(p, "mscale_all_dim") ? nonNegative(p, "mscale_all_dim", where) : 0);
        return present(p, "attention_factor") ? y.withAttentionFactor(positive(p, "attention_factor", where)) : y;
    }

    private static LongRope longRope(JsonObject c, JsonObject p, String where, int rotary) {
        long original = positiveInt(p, "original_max_position_embeddings", where);
        double[] shortF = doubles(p, "short_factor", where);
        double[] longF = doubles(p, "long_factor", where);
        for (double[] f : new double[][] {shortF, longF}) {
            if (f.length != rotary / 2) {
                throw new IllegalArgumentException(where + "." + (f == shortF ? "short_factor" : "long_factor") + " must hold r/2 = "
                        + rotary / 2 + " numbers (one per rotated pair), got " + f.length);
            }
        }
        double factor = present(p, "factor") ? positive(p, "factor", where) : (double) positiveInt(c, "max_position_embeddings") / original;
        LongRope l = LongRope.of(shortF, longF, original, factor);
        return present(p, "attention_factor") ? l.withAttentionFactor(positive(p, "attention_factor", where)) : l;
    }

    private static int headDim(JsonObject c, String family, String layerType) {
        if (family.equals("deepseek_v3")) {
            return present(c, "qk_rope_head_dim") ? positiveInt(c, "qk_rope_head_dim") : 64;
        }
        if (family.equals("gemma4") && layerType.equals("full_attention")) {
            return present(c, "global_head_dim") ? positiveInt(c, "global_head_dim") : 512;
        }
        if (present(c, "head_dim")) {
            return positiveInt(c, "head_dim");
        }
        Integer byType = switch (family) {
            case "gemma3", "gemma4" -> 256;
            case "glm", "glm4", "llama4", "qwen3_vl" -> 128;
            default -> null;
        };
        if (byType != null) {
            return byType;
        }
        int hidden = positiveInt(c, "hidden_size");
        int heads = positiveInt(c, "num_attention_heads");
        return hidden / heads;
    }

    private static double defaultTheta(String family) {
        return switch (family) {
            case "llama4", "qwen3_vl" -> 5e5;
            case "gpt_oss" -> 1.5e5;
            default -> 1e4;
        };
    }

    private static Pairing pairing(JsonObject c, String family) {
        return switch (family) {
            case "llama4", "glm", "glm4" -> Pairing.INTERLEAVED;
            case "deepseek_v3" -> !present(c, "rope_interleave") || bool(c, "rope_interleave", "config") ? Pairing.INTERLEAVED : Pairing.HALF_SPLIT;
            default -> Pairing.HALF_SPLIT;
        };
    }

    private static JsonArray llama4NoRope(JsonObject c, int n) {
        if (present(c, "no_rope_layers") && c.get("no_rope_layers").isJsonArray() && c.getAsJsonArray("no_rope_layers").size() > 0) {
            JsonArray a = c.getAsJsonArray("no_rope_layers");
            if (a.size() != n) {
                throw new IllegalArgumentException("no_rope_layers must have num_hidden_layers = " + n + " entries, got " + a.size());
            }
            return a;
        }
        int interval = present(c, "no_rope_layer_interval") ? positiveInt(c, "no_rope_layer_interval") : 4;
        JsonArray a = new JsonArray();
        for (int i = 0; i < n; i++) {
            a.add((i + 1) % interval != 0 ? 1 : 0);
        }
        return a;
    }

    private static QueryTemperature temperature(JsonObject c, String family, JsonObject p, boolean rotates) {
        if (family.equals("llama4") && !rotates && (!present(c, "attn_temperature_tuning") || bool(c, "attn_temperature_tuning", "config"))) {
            return new QueryTemperature(present(c, "attn_scale") ? nonNegative(c, "attn_scale", "config") : 0.1,
                    present(c, "floor_scale") ? positive(c, "floor_scale", "config") : 8192, 1);
        }
        if (family.equals("ministral3") && p != null && present(p, "llama_4_scaling_beta")) {
            return new QueryTemperature(nonNegative(p, "llama_4_scaling_beta", "rope_parameters"),
                    positive(p, "original_max_position_embeddings", "rope_parameters"), 0);
        }
        return QueryTemperature.NONE;
    }

    private static double softmaxScaleFactor(String family, JsonObject p) {
        if (!family.equals("deepseek_v3") || p == null || p.get("rope_type").getAsString().equals("default") || !present(p, "mscale_all_dim")) {
            return 1;
        }
        double all = nonNegative(p, "mscale_all_dim", "rope_parameters");
        if (all == 0) {
            return 1;
        }
        double m = Yarn.magnitude(positive(p, "factor", "rope_parameters"), all);
        return m * m;
    }

    private static int[] sections(JsonObject p) {
        if (p == null || !present(p, "mrope_section")) {
            return new int[0];
        }
        double[] d = doubles(p, "mrope_section", "rope_parameters");
        int[] s = new int[d.length];
        for (int i = 0; i < d.length; i++) {
            if (d[i] != Math.rint(d[i]) || d[i] < 0) {
                throw new IllegalArgumentException("rope_parameters.mrope_section must hold whole numbers of pairs, got " + p.get("mrope_section"));
            }
            s[i] = (int) d[i];
        }
        return s;
    }

    private static JsonObject firstNonNull(Map<String, JsonObject> params) {
        for (JsonObject p : params.values()) {
            if (p != null) {
                return p;
            }
        }
        return null;
    }

    // ---- typed fields, each error naming the field and the rule

    private static JsonObject object(String json) {
        if (json == null) {
            throw new IllegalArgumentException("config must be JSON text, got null");
        }
        JsonElement e;
        try {
            e = JsonParser.parseString(json);
        } catch (RuntimeException ex) {
            throw new IllegalArgumentException("config must be JSON text, got a parse error: " + ex.getMessage());
        }
        if (!e.isJsonObject()) {
            throw new IllegalArgumentException("config must be a JSON object, got " + e);
        }
        return e.getAsJsonObject();
    }

    private static boolean present(JsonObject o, String key) {
        return o.has(key) && !o.get(key).isJsonNull();
    }

    private static void setDefault(JsonObject o, String key, JsonElement value) {
        if (!present(o, key)) {
            o.add(key, value);
        }
    }

    private static JsonObject obj(JsonObject o, String key) {
        JsonElement e = o.get(key);
        if (!e.isJsonObject()) {
            throw new IllegalArgumentException(key + " must be a JSON object, got " + e);
        }
        return e.getAsJsonObject();
    }

    private static String string(JsonObject o, String key, String where) {
        if (!present(o, key)) {
            return where;
        }
        JsonElement e = o.get(key);
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw new IllegalArgumentException(key + " must be a string, got " + e);
        }
        return e.getAsString();
    }

    private static double number(JsonObject o, String key, String where) {
        String name = where.equals("config") ? key : where + "." + key;
        if (!present(o, key)) {
            throw new IllegalArgumentException(name + " must be given, got nothing in " + o.keySet());
        }
        JsonElement e = o.get(key);
        // Python's json writes NaN and ±Infinity bare; Gson reads them as strings
        if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isString() && e.getAsString().matches("NaN|-?Infinity")) {
            return Double.parseDouble(e.getAsString());
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw new IllegalArgumentException(name + " must be a number, got " + e);
        }
        return e.getAsDouble();
    }

    private static double positive(JsonObject o, String key, String where) {
        double v = number(o, key, where);
        if (!(v > 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException((where.equals("config") ? key : where + "." + key) + " must be finite and positive, got " + v);
        }
        return v;
    }

    private static double nonNegative(JsonObject o, String key, String where) {
        double v = number(o, key, where);
        if (!(v >= 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException((where.equals("config") ? key : where + "." + key) + " must be finite and at least 0, got " + v);
        }
        return v;
    }

    private static int positiveInt(JsonObject o, String key) {
        return positiveInt(o, key, "config");
    }

    private static int positiveInt(JsonObject o, String key, String where) {
        double v = number(o, key, where);
        if (!(v >= 1) || v != Math.rint(v) || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException((where.equals("config") ? key : where + "." + key) + " must be a whole number of at least 1, got " + o.get(key));
        }
        return (int) v;
    }

    private static boolean bool(JsonObject o, String key, String where) {
        JsonElement e = o.get(key);
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
            throw new IllegalArgumentException((where.equals("config") ? key : where + "." + key) + " must be true or false, got " + e);
        }
        return e.getAsBoolean();
    }

    private static double[] doubles(JsonObject o, String key, String where) {
        String name = where.equals(key) ? key : where + "." + key;
        if (!present(o, key)) {
            throw new IllegalArgumentException(name + " must be given, got nothing in " + o.keySet());
        }
        if (!o.get(key).isJsonArray()) {
            throw new IllegalArgumentException(name + " must be a list of numbers, got " + o.get(key));
        }
        JsonArray a = o.getAsJsonArray(key);
        double[] v = new double[a.size()];
        for (int i = 0; i < v.length; i++) {
            JsonElement e = a.get(i);
            if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
                throw new IllegalArgumentException(name + " must be a list of numbers, got " + e + " at index " + i);
            }
            v[i] = e.getAsDouble();
        }
        return v;
    }
}
