package org.ropelab.precision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ropelab.rope.Pairing;
import org.ropelab.rope.RotaryEmbedding;

class FrequencyPathsTest {
    @Test
    void powerPathIsJavasFloatArithmetic() {
        double[] t = FrequencyPaths.byPower(NumberFormat.FLOAT32).thetas(10000, 128, 1);
        for (int i = 0; i < 64; i++) {
            float e = (float) (2 * i) / 128f;
            float expected = 1f / (float) Math.pow(10000, e);
            assertEquals(expected, t[i], 0.0, "i = " + i);
        }
    }

    @Test
    void recurrencePathIsJavasFloatLoop() {
        double[] t = FrequencyPaths.byRecurrence(NumberFormat.FLOAT32).thetas(500000, 128, 1);
        float s = (float) Math.pow(500000, -2f / 128f);
        float theta = 1f;
        for (int i = 0; i < 64; i++) {
            assertEquals(theta, t[i], 0.0, "i = " + i);
            theta *= s;
        }
        // and it drifts from base^(−2i/r) by more than one float32 rounding somewhere
        double worst = 0;
        for (int i = 0; i < 64; i++) {
            worst = Math.max(worst, Math.abs(t[i] / Math.pow(500000, -2.0 * i / 128) - 1));
        }
        assertTrue(worst > 0x1p-24, "worst relative error " + worst);
    }

    @Test
    void shiftsInFloat32AddUpToOneRotation() {
        RotaryEmbedding rope = RotaryEmbedding.of(8, Pairing.HALF_SPLIT);
        Nd4j.getRandom().setSeed(3);
        INDArray k = Nd4j.randn(DataType.DOUBLE, 1, 1, 2, 8);
        INDArray shifted = FrequencyPaths.shiftRepeatedly(rope, NumberFormat.FLOAT32, k, -5, 4);
        INDArray once = rope.apply(k, new double[] {-20, -20});
        double err = shifted.sub(once).amaxNumber().doubleValue();
        assertTrue(err < 8 * 0x1p-24 * k.amaxNumber().doubleValue() * 2, "error " + err);
        assertTrue(err > 0, "float32 rounding must show");
    }
}
