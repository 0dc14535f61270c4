package org.ropelab.attention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The float kernel's own exponential against {@link Math#exp} (run with the Vector API module, as surefire's default execution is). */
class FloatTilesTest {
    private int lanes;

    @BeforeEach
    void needsVectorModule() {
        assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(), "run without the Vector API module");
        lanes = FloatVector.SPECIES_PREFERRED.length();
    }

    /** Relative error within 2⁻²³ (float's unit roundoff is 2⁻²⁴) on a fine grid of [−87, 0] and on random points. */
    @Test
    void expAgreesWithMathExp() {
        Random rng = new Random(7);
        float[] x = new float[lanes * 200_000];
        for (int i = 0; i < x.length; i++) {
            x[i] = i < x.length / 2 ? -87f * i / (x.length / 2f) : -87f * rng.nextFloat();
        }
        x[0] = 0f;
        x[1] = -87f;
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i += lanes) {
            FloatTiles.exp(FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, x, i)).intoArray(y, i);
        }
        double worst = 0;
        for (int i = 0; i < x.length; i++) {
            double e = Math.exp(x[i]);
            worst = Math.max(worst, Math.abs(y[i] - e) / e);
        }
        assertTrue(worst <= 0x1p-23, "max relative error " + worst + " > 2^-23");
        assertEquals(1f, y[0]);
    }

    /** Below −87 (and at −∞, a blocked key) the result is e^−87, the floor; the kernel sets blocked weights to 0 itself. */
    @Test
    void expFloorsAtMinus87() {
        float[] x = new float[lanes];
        java.util.Arrays.fill(x, Float.NEGATIVE_INFINITY);
        x[0] = -1000f;
        float[] y = new float[lanes];
        FloatTiles.exp(FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, x, 0)).intoArray(y, 0);
        for (float v : y) {
            assertEquals(Math.exp(-87), v, Math.exp(-87) * 0x1p-23);
        }
    }
}
