package org.ropelab.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ropelab.rope.Pairing;
import org.ropelab.rope.RotaryEmbedding;
import org.ropelab.scaling.NtkAware;

/**
 * The library against Hugging Face transformers' own RoPE functions: every case of the fixtures in
 * {@code src/test/resources/hf-rope/}, written by {@code tools/reference/make_fixtures.sh} from
 * {@code ROPE_INIT_FUNCTIONS} in float64.
 */
class HuggingFaceRopeTest {
    private static final List<String> TYPES = List.of("default", "linear", "dynamic", "yarn", "longrope", "llama3");
    private static final double TOL = 1e-12;

    private static Path fixture(String type) throws Exception {
        return Path.of(HuggingFaceRopeTest.class.getResource("/hf-rope/" + type + ".json").toURI());
    }

    @Test
    void everyFixtureCaseAgreesWithinOneInATrillion() throws Exception {
        int total = 0;
        double worst = 0;
        for (String type : TYPES) {
            JsonObject doc = JsonParser.parseString(Files.readString(fixture(type))).getAsJsonObject();
            assertEquals("4.51.3", doc.get("transformers_version").getAsString(), type);
            assertTrue(doc.get("dtype").getAsString().startsWith("float64"), type);
            int n = 0;
            double fileWorst = 0;
            for (JsonElement e : doc.getAsJsonArray("cases")) {
                JsonObject c = e.getAsJsonObject();
                JsonObject config = c.getAsJsonObject("config");
                RotaryEmbedding rope = HuggingFaceRope.fromConfig(config);
                long length = c.get("seq_len").isJsonNull() ? 1 : c.get("seq_len").getAsLong();
                var expected = c.getAsJsonArray("inv_freq");
                double[] actual = rope.thetas(length);
                assertEquals(expected.size(), actual.length, type + " case " + n);
                for (int i = 0; i < actual.length; i++) {
                    double want = expected.get(i).getAsDouble();
                    double err = Math.abs(actual[i] - want) / want;
                    fileWorst = Math.max(fileWorst, err);
                    assertTrue(err <= TOL, type + " case " + n + " " + rope + " L=" + length + " pair " + i + ": " + actual[i]
                            + " vs " + want + " (" + err + ")");
                }
                double a = c.get("attention_factor").getAsDouble();
                assertEquals(a, rope.attentionFactor(length), TOL * a, type + " case " + n + " attention factor");
                n++;
            }
            assertTrue(n >= 15, type + " has only " + n + " cases");
            var agreement = HuggingFaceRope.agreement(fixture(type));
            assertEquals(n, agreement.cases());
            assertEquals(fileWorst, agreement.maxFrequencyError(), 0.0);
            total += n;
            worst = Math.max(worst, fileWorst);
        }
        System.out.printf("Hugging Face fixtures: %d cases, largest relative error %.2e%n", total, worst);
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
            if (config.getAsJsonObject("rope_scaling").get("factor").getAsDouble() != 1 || c.get("seq_len").isJsonNull()
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
        assertTrue(n >= 20, "only " + n + " NTK cases");
    }

    @Test
    void readsEveryRopeTypeAsHuggingFaceDoes() {
        String phi3 = "{\"hidden_size\": 3072, \"num_attention_heads\": 32, \"rope_theta\": 10000.0,"
                + " \"max_position_embeddings\": 131072, \"original_max_position_embeddings\": 4096,"
                + " \"rope_scaling\": {\"type\": \"longrope\", \"short_factor\": " + ones(48) + ", \"long_factor\": " + ones(48) + "}}";
        RotaryEmbedding rope = HuggingFaceRope.fromConfig(phi3);
        assertEquals(96, rope.dim());
        assertEquals(Pairing.HALF_SPLIT, rope.pairing());
        assertEquals("longrope(48 pairs, L0=4096, s=32)", rope.scaling().name());
        String deepseekStyle = "{\"hidden_size\": 512, \"num_attention_heads\": 4, \"head_dim\": 64, \"partial_rotary_factor\": 0.5,"
                + " \"rope_theta\": 10000, \"max_position_embeddings\": 163840,"
                + " \"rope_scaling\": {\"rope_type\": \"yarn\", \"factor\": 40, \"original_max_position_embeddings\": 4096}}";
        RotaryEmbedding yarn = HuggingFaceRope.fromConfig(deepseekStyle);
        assertEquals(64, yarn.dim());
        assertEquals(32, yarn.rotaryDim());
        assertEquals("yarn(s=40, L0=4096)", yarn.scaling().name());
        assertEquals("none", HuggingFaceRope.fromConfig("{\"hidden_size\": 64, \"num_attention_heads\": 1, \"rope_theta\": 1e4,"
                + " \"max_position_embeddings\": 2048, \"rope_scaling\": null}").scaling().name());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HuggingFaceRope.fromConfig(
                "{\"hidden_size\": 64, \"num_attention_heads\": 1, \"rope_theta\": 1e4, \"max_position_embeddings\": 2048,"
                        + " \"rope_scaling\": {\"rope_type\": \"yarn\", \"factor\": 4, \"mscale\": 1}}"));
        assertEquals("rope_scaling.mscale is not supported, got 1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> HuggingFaceRope.fromConfig(
                "{\"hidden_size\": 64, \"num_attention_heads\": 1, \"rope_theta\": 1e4, \"max_position_embeddings\": 2048,"
                        + " \"rope_scaling\": {\"rope_type\": \"su\"}}"));
        assertTrue(e.getMessage().startsWith("rope_scaling.rope_type must be one of"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> HuggingFaceRope.fromConfig("{\"hidden_size\": 64, \"num_attention_heads\": 1}"));
        assertEquals("rope_theta must be given, got nothing in [hidden_size, num_attention_heads]", e.getMessage());
    }

    private static String ones(int n) {
        return "[" + String.join(", ", java.util.Collections.nCopies(n, "1.0")) + "]";
    }
}
