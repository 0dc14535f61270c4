package org.ropelab.attention;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class ToyEmbeddingTest {

    @Test
    void theTwoOnionSentencesAreTheSameCharactersInAnotherOrder() {
        List<String> a = ToyEmbedding.tokenize("我喜欢吃洋葱");
        List<String> b = ToyEmbedding.tokenize("洋葱喜欢吃我");
        assertEquals(List.of("我", "喜", "欢", "吃", "洋", "葱"), a);
        assertEquals(List.of("洋", "葱", "喜", "欢", "吃", "我"), b);
        ToyEmbedding emb = ToyEmbedding.of(8, 3);
        assertArrayEquals(new int[] {1, 2, 3, 4, 5, 6}, emb.ids(a));
        INDArray ea = emb.embed(a);
        INDArray eb = emb.embed(b);
        int[] perm = {4, 5, 1, 2, 3, 0};   // b[i] = a[perm[i]]
        for (int i = 0; i < perm.length; i++) {
            assertArrayEquals(ea.getRow(perm[i]).toDoubleVector(), eb.getRow(i).toDoubleVector(), 0.0);
        }
    }

    @Test
    void padIsZeroAndOtherEmbeddingsHaveNormNearOne() {
        ToyEmbedding emb = ToyEmbedding.of(4096, 3);
        assertEquals(0.0, emb.embed(List.of(ToyEmbedding.PAD)).norm2Number().doubleValue(), 0.0);
        for (String t : ToyEmbedding.vocabulary().subList(1, 8)) {
            assertEquals(1.0, emb.embed(List.of(t)).norm2Number().doubleValue(), 0.05, t);   // χ with 4096 dof / 4096: sd ≈ 0.011
        }
    }

    @Test
    void paddedBatchHasZeroRowsAfterEachSentence() {
        ToyEmbedding emb = ToyEmbedding.of(6, 3);
        INDArray batch = emb.embedPadded(6, "我喜欢你", "我喜欢吃洋葱");
        assertArrayEquals(new long[] {2, 6, 6}, batch.shape());
        assertArrayEquals(emb.embed("你").getRow(0).toDoubleVector(), batch.slice(0).getRow(3).toDoubleVector(), 0.0);
        assertArrayEquals(new double[6], batch.slice(0).getRow(4).toDoubleVector(), 0.0);
        assertArrayEquals(new double[6], batch.slice(0).getRow(5).toDoubleVector(), 0.0);
        assertArrayEquals(emb.embed("葱").getRow(0).toDoubleVector(), batch.slice(1).getRow(5).toDoubleVector(), 0.0);
    }

    @Test
    void unknownCharactersAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ToyEmbedding.tokenize("我爱你"));
        assertEquals("character 1 of '我爱你' ('爱') is not in the vocabulary [<pad>, 我, 喜, 欢, 吃, 洋, 葱, 你]", e.getMessage());
        assertEquals("sentence 0 has 4 tokens, more than seq = 3",
                assertThrows(IllegalArgumentException.class, () -> ToyEmbedding.of(4, 1).embedPadded(3, "我喜欢你")).getMessage());
    }
}
