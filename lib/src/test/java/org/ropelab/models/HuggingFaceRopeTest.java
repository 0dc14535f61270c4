package org.ropelab.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ropelab.rope.RotaryEmbedding;
import org.ropelab.scaling.NtkAware;
import tech.tablesaw.api.Table;

/**
 * The library against Hugging Face transformers 5.23.0's own RoPE code: every case of the fixtures in
 * {@code src/test/resources/hf-rope/}, written by {@code tools/reference/make_fixtures.sh} in float64
 * from the model types' config classes, rotary-embedding modules and {@code ROPE_INIT_FUNCTIONS}.
 */
class HuggingFaceRopeTest {
    static final List<String> FILES = List.of("default", "linear", "dynamic", "yarn", "longrope", "llama3", "proportional", "published");
    private static final double TOL = 1e-12;

    static Path fixture(String name) throws Exception {
        return Path.of(HuggingFaceRopeTest.class.getResource("/hf-rope/" + name + ".json").toURI());
    }

    @Test
    void everyFixtureCaseAgreesWithinOneInATrillion() throws Exception {
        int total = 0;
        double worst = 0;
        for (String name : FILES) {
            JsonObject doc = JsonParser.parseString(Files.readString(fixture(name))).getAsJsonObject();
            assertEquals(HuggingFaceRope.TRANSFORMERS_VERSION, doc.get("transformers_version").getAsString(), name);
            assertTrue(doc.get("dtype").getAsString().startsWith("float64"), name);
            int n = 0;
            double fileWorst = 0;
            for (JsonElement e : doc.getAsJsonArray("cases")) {
                JsonObject c = e.getAsJsonObject();
                ModelRope model = HuggingFaceRope.read(c.getAsJsonObject("config"));
                LayerRope layer = c.get("layer_type").isJsonNull() ? model.layer(0) : model.byLayerType().get(c.get("layer_type").getAsString());
                String label = name + " case " + n + " " + c.get("config") + " layer " + c.get("layer_type");
                assertTrue(layer != null && layer.rotates(), label);
                RotaryEmbedding rope = layer.rope();
                long length = c.get("seq_len").isJsonNull() ? 1 : c.get("seq_len").getAsLong();
                var expected = c.getAsJsonArray("inv_freq");
                double[] actual = rope.thetas(length);
                assertEquals(expected.size(), actual.length, label + " " + rope);
                for (int i = 0; i < actual.length; i++) {
                    double want = expected.get(i).getAsDouble();
                    double err = want == 0 ? Math.abs(actual[i]) : Math.abs(actual[i] - want) / want;
                    fileWorst = Math.max(fileWorst, err);
                    assertTrue(err <= TOL, label + " " + rope + " L=" + length + " pair " + i + ": " + actual[i] + " vs " + want + " (" + err + ")");
                }
                double a = c.get("attention_factor").getAsDouble();
                assertEquals(a, rope.attentionFactor(length), TOL * a, label + " " + rope + " attention factor");
                n++;
            }
            assertTrue(n >= 6, name + " has only " + n + " cases");
            var agreement = HuggingFaceRope.agreement(fixture(name));
            assertEquals(n, agreement.cases());
            assertEquals(fileWorst, agreement.maxFrequencyError(), 0.0);
            total += n;
            worst = Math.max(worst, fileWorst);
        }
        System.out.printf("Hugging Face %s fixtures: %d cases, largest relative error %.2e%n", HuggingFaceRope.TRANSFORMERS_VERSION, total, worst);
    }

    @Test
    void staticNtkAgreesWithHuggingFacesDynamicAtFactorOneAndLengthKTimesTheContext() throws Exception {
        // dynamic with factor 1 at L = k·L0 raises the base by k^(r/(r−2)): the static NTK base of factor k
        JsonObject doc = JsonParser.parseString(Files.readString(fixture("dynamic"))).getAsJsonObject();
        int n = 0;
        for (JsonElement e : doc.getAsJsonArray("cases")) {
            JsonObject c = e.getAsJsonObject();
            JsonObject config = c.getAsJsonObject("config");
            long max = config.get("max_position_embeddings").getAsLong();
            JsonObject params = config.has("rope_scaling") ? config.getAsJsonObject("rope_scaling") : config.getAsJsonObject("rope_parameters");
            if (!params.has("factor") || params.get("factor").getAsDouble() != 1 || c.get("seq_len").isJsonNull()
                    || c.get("seq_len").getAsLong() % max != 0 || c.get("seq_len").getAsLong() == max) {
                continue;
            }
            RotaryEmbedding ntk = HuggingFaceRope.fromConfig(config).withScaling(NtkAware.of(c.get("seq_len").getAsLong() / max));
            double[] actual = ntk.thetas(1);
            var expected = c.getAsJsonArray("inv_freq");
            for (int i = 0; i < actual.length; i++) {
                double want = expected.get(i).getAsDouble();
                assertTrue(Math.abs(actual[i] - want) / want <= TOL, ntk + " pair " + i);
            }
            n++;
        }
        assertTrue(n >= 10, "only " + n + " NTK cases");
    }

    @Test
    void thePublishedModelsTableReadsEachConfigAndAgreesWithItsCase() throws Exception {
        Table t = HuggingFaceRope.modelTable(fixture("published"), "Llama 4", "Phi-3.5");
        assertEquals(17 + 2, t.rowCount());
        for (int r = 0; r < 17; r++) {
            assertTrue(t.doubleColumn("max rel. error θ").get(r) <= TOL, t.row(r).toString());
            assertTrue(t.doubleColumn("|Δ attention factor|").get(r) <= TOL, t.row(r).toString());
            assertTrue(t.stringColumn("source").get(r).contains("/"), t.row(r).toString());
        }
        // typed from the cases' sources: Llama 3.1 8B llama3 ×8 from 8192 at base 5·10⁵; GPT-NeoX 20B rotary_pct 0.25 of 96;
        // Gemma 3 global linear ×8 at 10⁶; Gemma 4 global proportional, 64 turning pairs of its 512-dim head
        int llama31 = row(t, "Llama 3.1 8B", "full_attention");
        assertEquals("llama3", t.stringColumn("rope type").get(llama31));
        assertEquals(5e5, t.doubleColumn("base").get(llama31), 0);
        assertEquals(8, t.doubleColumn("factor").get(llama31), 0);
        assertEquals(8192, t.intColumn("original length").get(llama31));
        int neox = row(t, "GPT-NeoX 20B", "full_attention");
        assertEquals(24, t.intColumn("rotated dims").get(neox));
        assertEquals(96, t.intColumn("head dim").get(neox));
        assertTrue(t.doubleColumn("factor").isMissing(neox));
        int gemma3 = row(t, "Gemma 3 (4B and up, text)", "full_attention");
        assertEquals(8, t.doubleColumn("factor").get(gemma3), 0);
        assertEquals(1e6, t.doubleColumn("base").get(gemma3), 0);
        assertEquals("sliding_attention, full_attention", t.stringColumn("layer kinds").get(gemma3));
        int gemma4 = row(t, "Gemma 4 (26B-A4B, 31B: global and sliding layers)", "full_attention");
        assertEquals("proportional", t.stringColumn("rope type").get(gemma4));
        assertEquals(128, t.intColumn("rotated dims").get(gemma4));
        assertEquals(512, t.intColumn("head dim").get(gemma4));
        // DeepSeek-V3: YaRN s = 40 with mscale = mscale_all_dim = 1: tables ×1, softmax ×(0.1·ln 40 + 1)²; Qwen3-VL: sections [24, 20, 20] interleaved
        int deepseek = row(t, "DeepSeek-V3", "full_attention");
        assertEquals(1, t.doubleColumn("attention factor").get(deepseek), 1e-15);
        assertEquals(Math.pow(0.1 * Math.log(40) + 1, 2), t.doubleColumn("softmax scale ×").get(deepseek), 1e-15);
        assertEquals(64, t.intColumn("rotated dims").get(deepseek));
        int qwen3vl = row(t, "Qwen3-VL (2B-class text config, transformers 5.1.0 form)", "full_attention");
        assertEquals("[24, 20, 20] interleaved", t.stringColumn("M-RoPE sections").get(qwen3vl));
        assertEquals(5e6, t.doubleColumn("base").get(qwen3vl), 0);
        assertEquals("", t.stringColumn("M-RoPE sections").get(llama31));
        assertEquals("Phi-3.5", t.stringColumn("model").get(18));
        assertTrue(t.doubleColumn("base").isMissing(18));
        assertTrue(t.stringColumn("source").get(18).startsWith("not sourced"));
    }

    private static int row(Table t, String model, String layerType) {
        for (int r = 0; r < t.rowCount(); r++) {
            if (t.stringColumn("model").get(r).equals(model) && t.stringColumn("layer type").get(r).equals(layerType)) {
                return r;
            }
        }
        throw new AssertionError(model + " / " + layerType + " not in " + t.stringColumn("model").asList());
    }
}
