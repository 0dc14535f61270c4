package org.ropelab.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.Table;

class PublishedConfigsTest {
    private final Table table = PublishedConfigs.table();

    @Test
    void theFileParsesWithOneRowPerModelTheIssueNames() {
        List<String> models = table.stringColumn("model").asList();
        for (String m : new String[] {"Llama 2 7B", "Llama 3.1 8B", "Mistral 7B v0.1", "Qwen2 7B", "Qwen2-VL 7B", "ChatGLM2-6B",
                "GPT-NeoX 20B", "GPT-J 6B", "Baichuan 7B", "Baichuan 13B", "PaLM 540B", "Gemma 7B", "Phi-3-mini-128k", "DeepSeek-V2"}) {
            assertTrue(models.contains(m), m + " missing");
        }
        assertEquals(models.size(), Set.copyOf(models).size(), "a model listed twice");
        assertEquals(10, table.columnCount());
    }

    @Test
    void everyRowHasASourceAndSaneValues() {
        for (Row r : table) {
            String model = r.getString("model");
            assertFalse(r.getString("source").isBlank(), model + " has no source");
            assertTrue(Set.of("RoPE", "M-RoPE", "RoPE (decoupled)", "ALiBi").contains(r.getString("encoding")), model);
            if (!r.isMissing("rotary_dim")) {
                int rot = r.getInt("rotary_dim");
                assertEquals(0, rot % 2, model + ": odd rotary dim " + rot);
                assertTrue(r.isMissing("head_dim") || rot <= r.getInt("head_dim"), model + ": rotary dim above head dim");
            }
            if (!r.isMissing("rope_theta")) {
                assertTrue(r.getDouble("rope_theta") > 1, model);
            }
            String pairing = r.getString("pairing");
            assertTrue(pairing.isEmpty() || Set.of("interleaved", "half-split").contains(pairing), model + ": " + pairing);
        }
    }

    @Test
    void baichuan13BUsesAlibiAndHasNoRopeBase() {
        Row r = table.where(table.stringColumn("model").isEqualTo("Baichuan 13B")).row(0);
        assertEquals("ALiBi", r.getString("encoding"));
        assertTrue(r.isMissing("rope_theta"));
    }
}
