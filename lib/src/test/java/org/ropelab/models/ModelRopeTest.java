package org.ropelab.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;
import org.ropelab.rope.Pairing;
import org.ropelab.rope.QueryTemperature;
import org.ropelab.rope.RotaryEmbedding;
import org.ropelab.scaling.Yarn;

/**
 * What the reader finds beyond the frequencies (the fixtures check those): which layers rotate, the
 * pairing, the softmax factor, the query temperature and the M-RoPE sections, each against a closed
 * form written out here from the model code's formula, and the 4.51.3 readings transformers changed.
 */
class ModelRopeTest {
    @Test
    void llama4HasNopeEveryFourthLayerWithTheQueryTemperatureOfItsAttention() {
        ModelRope m = HuggingFaceRope.read("{\"model_type\": \"llama4_text\", \"hidden_size\": 5120, \"num_attention_heads\": 40,"
                + " \"head_dim\": 128, \"num_hidden_layers\": 8, \"rope_theta\": 500000.0}");
        assertArrayEquals(new int[] {0, 1, 2, 4, 5, 6}, m.rotatingLayers());
        // Llama4TextConfig: layer_types "chunked_attention" where no_rope_layers[i] = 1 (RoPE), else "full_attention"
        assertEquals("chunked_attention", m.layer(0).layerType());
        assertEquals("full_attention", m.layer(3).layerType());
        assertEquals(Pairing.INTERLEAVED, m.layer(0).rope().pairing());
        QueryTemperature t = m.layer(3).queryTemperature();
        assertTrue(m.layer(0).queryTemperature().isNone());
        // τ(m) = 1 + 0.1·ln(1 + ⌊(m + 1)/8192⌋): 1 up to position 8190, 1 + 0.1·ln 2 from 8191, 1 + 0.1·ln 3 from 16383
        assertEquals(1, t.scale(8190), 0);
        assertEquals(1 + 0.1 * Math.log(2), t.scale(8191), 1e-15);
        assertEquals(1 + 0.1 * Math.log(3), t.scale(16383), 1e-15);
        ModelRope tuned = HuggingFaceRope.read("{\"model_type\": \"llama4_text\", \"head_dim\": 128, \"num_hidden_layers\": 2,"
                + " \"no_rope_layers\": [0, 1], \"attn_temperature_tuning\": false}");
        assertArrayEquals(new int[] {1}, tuned.rotatingLayers());
        assertTrue(tuned.layer(0).queryTemperature().isNone());
    }

    @Test
    void deepseekRotatesItsRopeHeadInterleavedAndScalesTheSoftmaxByMscaleSquared() {
        String config = "{\"model_type\": \"deepseek_v3\", \"hidden_size\": 7168, \"num_attention_heads\": 128, \"qk_rope_head_dim\": 64,"
                + " \"rope_theta\": 10000, \"rope_scaling\": {\"type\": \"yarn\", \"factor\": 40, \"mscale\": 1.0, \"mscale_all_dim\": 1.0,"
                + " \"original_max_position_embeddings\": 4096}}";
        ModelRope m = HuggingFaceRope.read(config);
        RotaryEmbedding rope = m.layer(0).rope();
        assertEquals(64, rope.dim());
        assertEquals(Pairing.INTERLEAVED, rope.pairing());
        double mscale = 0.1 * Math.log(40) + 1;
        assertEquals(mscale * mscale, m.softmaxScaleFactor(), 1e-15);
        assertEquals(1, rope.attentionFactor(1), 0);            // m(s, 1)/m(s, 1): the temperature sits in the softmax instead
        String halves = config.replace("\"qk_rope_head_dim\": 64,", "\"qk_rope_head_dim\": 64, \"rope_interleave\": false,");
        assertEquals(Pairing.HALF_SPLIT, HuggingFaceRope.read(halves).layer(0).rope().pairing());
    }

    @Test
    void qwen3VlIsReadFromItsTextConfigWithItsMropeSections() {
        ModelRope m = HuggingFaceRope.read("{\"model_type\": \"qwen3_vl\", \"text_config\": {\"model_type\": \"qwen3_vl_text\","
                + " \"hidden_size\": 4096, \"num_attention_heads\": 32, \"head_dim\": 128, \"rope_theta\": 5000000,"
                + " \"rope_scaling\": {\"rope_type\": \"mrope\", \"mrope_section\": [24, 20, 20], \"mrope_interleaved\": true}}}");
        assertEquals("qwen3_vl_text", m.modelType());
        assertArrayEquals(new int[] {24, 20, 20}, m.mropeSections());
        assertTrue(m.mropeInterleaved());
        assertEquals("default", m.layer(0).ropeType());
        assertEquals(5e6, m.layer(0).rope().base(), 0);
    }

    @Test
    void gemma3LegacyScalesOnlyItsGlobalLayers() {
        ModelRope m = HuggingFaceRope.read("{\"model_type\": \"gemma3_text\", \"hidden_size\": 2560, \"num_attention_heads\": 8,"
                + " \"num_hidden_layers\": 12, \"rope_theta\": 1000000.0, \"rope_local_base_freq\": 10000.0,"
                + " \"rope_scaling\": {\"rope_type\": \"linear\", \"factor\": 8.0}}");
        for (LayerRope l : m.layers()) {
            boolean global = (l.index() + 1) % 6 == 0;
            assertEquals(global ? "full_attention" : "sliding_attention", l.layerType(), "layer " + l.index());
            assertEquals(global ? 1e6 : 1e4, l.rope().base(), 0);
            assertEquals(256, l.rope().dim());
            // θ_1 = base^(−2/256), divided by 8 on the global layers only
            double theta1 = Math.pow(global ? 1e6 : 1e4, -2.0 / 256) / (global ? 8 : 1);
            assertEquals(theta1, l.rope().theta(1), 1e-15 * theta1);
        }
    }

    @Test
    void ministral3MultipliesItsQueriesByTheLlama4Temperature() {
        ModelRope m = HuggingFaceRope.read("{\"model_type\": \"ministral3\", \"hidden_size\": 4096, \"num_attention_heads\": 32,"
                + " \"head_dim\": 128, \"max_position_embeddings\": 262144, \"rope_parameters\": {\"type\": \"yarn\", \"rope_theta\": 1e6,"
                + " \"factor\": 16.0, \"original_max_position_embeddings\": 16384, \"mscale\": 1.0, \"mscale_all_dim\": 1.0,"
                + " \"llama_4_scaling_beta\": 0.1}}");
        QueryTemperature t = m.layer(0).queryTemperature();
        // 1 + β·ln(1 + ⌊m/L₀⌋), L₀ = 16384
        assertEquals(1, t.scale(16383), 0);
        assertEquals(1 + 0.1 * Math.log(2), t.scale(16384), 1e-15);
        assertEquals(1, m.softmaxScaleFactor(), 0);
    }

    @Test
    void theYarnAndLongRopeReadingsTransformersChangedSince4513() {
        // Qwen2.5's recipe: an explicit factor 4 with original 32768 and max 32768; 4.51.3 used max/original = 1
        RotaryEmbedding qwen = HuggingFaceRope.fromConfig("{\"model_type\": \"qwen2\", \"hidden_size\": 3584, \"num_attention_heads\": 28,"
                + " \"max_position_embeddings\": 32768, \"rope_theta\": 1e6, \"rope_scaling\": {\"type\": \"yarn\", \"factor\": 4.0,"
                + " \"original_max_position_embeddings\": 32768}}");
        assertEquals(1 + 0.1 * Math.log(4), qwen.attentionFactor(1), 1e-15);
        assertEquals(4, ((Yarn) qwen.scaling()).factor(), 0);
        // a top-level original_max_position_embeddings is the YaRN context (4.51.3 used max_position_embeddings)
        Yarn top = (Yarn) HuggingFaceRope.scaling(com.google.gson.JsonParser.parseString("{\"hidden_size\": 512, \"num_attention_heads\": 4,"
                + " \"max_position_embeddings\": 131072, \"original_max_position_embeddings\": 4096, \"rope_theta\": 1e4,"
                + " \"rope_scaling\": {\"rope_type\": \"yarn\", \"factor\": 32.0}}").getAsJsonObject());
        assertEquals(4096, top.originalLength());
        // LongRoPE: its own original and explicit factor count (4.51.3 ignored the first and overrode the second)
        String ones = "[" + "1.0, ".repeat(63) + "1.0]";
        RotaryEmbedding longrope = HuggingFaceRope.fromConfig("{\"hidden_size\": 512, \"num_attention_heads\": 4, \"max_position_embeddings\": 131072,"
                + " \"rope_theta\": 1e4, \"rope_scaling\": {\"rope_type\": \"longrope\", \"short_factor\": " + ones + ", \"long_factor\": "
                + ones + ", \"factor\": 16.0, \"original_max_position_embeddings\": 8192}}");
        assertEquals(Math.sqrt(1 + Math.log(16) / Math.log(8192)), longrope.attentionFactor(1), 1e-15);
    }

    @Test
    void proportionalTurnsTheFirstQuarterOfGemma4sGlobalHeadWithTheFullHeadsSpectrum() {
        ModelRope m = HuggingFaceRope.read("{\"model_type\": \"gemma4_text\", \"hidden_size\": 2048, \"num_attention_heads\": 8,"
                + " \"num_hidden_layers\": 6}");
        LayerRope full = m.layer(5);
        assertEquals("full_attention", full.layerType());
        assertEquals("proportional", full.ropeType());
        double[] t = full.rope().thetas();
        assertEquals(256, t.length);
        for (int i = 0; i < t.length; i++) {
            assertEquals(i < 64 ? Math.pow(1e6, -2.0 * i / 512) : 0, t[i], 1e-15, "pair " + i);
        }
        assertEquals("sliding_attention", m.layer(0).layerType());
        assertEquals(256, m.layer(0).rope().dim());
        assertSame(m.layer(0).rope(), m.layer(1).rope());
        assertFalse(m.toString().isEmpty());
    }

    @Test
    void layerTableShowsGemma3sTwoKindsAndLlama4sNopeLayersAsTheConfigsSay() {
        Table g = HuggingFaceRope.read("{\"model_type\": \"gemma3_text\", \"hidden_size\": 2560, \"num_attention_heads\": 8,"
                + " \"num_hidden_layers\": 12, \"rope_theta\": 1000000.0, \"rope_local_base_freq\": 10000.0,"
                + " \"rope_scaling\": {\"rope_type\": \"linear\", \"factor\": 8.0}}").layerTable();
        assertEquals(12, g.rowCount());
        for (int l = 0; l < 12; l++) {
            boolean global = (l + 1) % 6 == 0;                  // Gemma3TextConfig's sliding_window_pattern 6
            assertEquals(l, g.intColumn("layer").get(l));
            assertEquals(global ? "full_attention" : "sliding_attention", g.stringColumn("attention").get(l));
            assertEquals(global ? "linear" : "default", g.stringColumn("RoPE").get(l));
            assertEquals(global ? 1e6 : 1e4, g.doubleColumn("base").get(l), 0);
            assertEquals(global ? "linear(s=8)" : "none", g.stringColumn("scaling").get(l));
            assertEquals(256, g.intColumn("rotated dims").get(l));
            assertEquals("none", g.stringColumn("query temperature").get(l));
        }
        Table l4 = HuggingFaceRope.read("{\"model_type\": \"llama4_text\", \"head_dim\": 128, \"num_hidden_layers\": 8}").layerTable();
        for (int l = 0; l < 8; l++) {
            boolean nope = l == 3 || l == 7;                    // (l + 1) % 4 == 0
            assertEquals(nope ? "none (NoPE)" : "default", l4.stringColumn("RoPE").get(l));
            assertEquals(nope ? "full_attention" : "chunked_attention", l4.stringColumn("attention").get(l));
            assertEquals(nope, l4.doubleColumn("base").isMissing(l));
            assertEquals(nope ? "1 + 0.1·ln(1 + ⌊(p + 1)/8192⌋)" : "none", l4.stringColumn("query temperature").get(l));
        }
        assertEquals(5e5, l4.doubleColumn("base").get(0), 0);
        // Gemma 4's proportional layer turns a quarter of its 512 dims
        Table g4 = HuggingFaceRope.read("{\"model_type\": \"gemma4_text\", \"hidden_size\": 2048, \"num_attention_heads\": 8,"
                + " \"num_hidden_layers\": 6}").layerTable();
        assertEquals(128, g4.intColumn("rotated dims").get(5));
        assertEquals(512, g4.intColumn("head dim").get(5));
    }
}
