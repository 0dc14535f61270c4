package org.ropelab;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class RotationsTest {

    @Test
    void positiveAnglesTurnCounterClockwise() {
        assertArrayEquals(new double[] {0, 1}, ComplexPlane.apply(Rotations.r(Math.PI / 2), new double[] {1, 0}), 1e-16);
        double h = Math.sqrt(3) / 2;   // cos 30°, sin 60°
        assertArrayEquals(new double[] {h, 0.5}, ComplexPlane.apply(Rotations.r(Math.PI / 6), new double[] {1, 0}), 1e-15);
        assertArrayEquals(new double[] {-0.5, h}, ComplexPlane.apply(Rotations.r(Math.PI / 6), new double[] {0, 1}), 1e-15);
    }
}
