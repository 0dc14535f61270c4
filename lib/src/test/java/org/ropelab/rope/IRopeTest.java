package org.ropelab.rope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class IRopeTest {
    private final IRope llama4 = IRope.of(4, 8192, 0.1, 8192);

    @Test
    void everyFourthLayerIsNoPe() {
        assertTrue(llama4.usesRope(0));
        assertTrue(llama4.usesRope(2));
        assertFalse(llama4.usesRope(3));
        assertTrue(llama4.usesRope(4));
        assertFalse(llama4.usesRope(47));
    }

    @Test
    void temperatureAtTypedPositions() {
        assertEquals(1, llama4.temperature(0), 0);
        assertEquals(1, llama4.temperature(8190), 0);                         // ⌊8191/8192⌋ = 0
        assertEquals(1 + 0.1 * Math.log(2), llama4.temperature(8191), 1e-15); // ⌊8192/8192⌋ = 1
        assertEquals(1 + 0.1 * Math.log(129), llama4.temperature((1 << 20) - 1), 1e-15);
    }

    @Test
    void chunkedMaskKeepsCausalKeysOfTheSameChunk() {
        INDArray m = IRope.of(4, 2, 0.1, 8192).chunkedCausalMask(4);
        double inf = Double.NEGATIVE_INFINITY;
        double[][] expected = {{0, inf, inf, inf}, {0, 0, inf, inf}, {inf, inf, 0, inf}, {inf, inf, 0, 0}};
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                assertEquals(expected[i][j], m.getDouble(i, j), 0, i + ", " + j);
            }
        }
    }
}
