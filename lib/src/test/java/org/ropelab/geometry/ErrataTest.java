package org.ropelab.geometry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.apache.commons.numbers.complex.Complex;
import org.junit.jupiter.api.Test;

class ErrataTest {

    @Test
    void document002ProductHasTheWrongImaginaryPart() {
        Complex z = Complex.ofCartesian(1, 2);
        Complex w = Complex.ofCartesian(3, 4);
        // printed: (ac − bd) + (bc − ad)i = (3 − 8) + (6 − 4)i; true: (1 + 2i)(3 + 4i) = −5 + 10i
        assertEquals(Complex.ofCartesian(-5, 2), Errata.doc002Product(z, w));
        assertNotEquals(z.multiply(w), Errata.doc002Product(z, w));
        // it agrees with the truth when ad = 0, which is why it can look right on simple examples
        // (when a = 0 or d = 0 the two imaginary parts bc − ad and ad + bc coincide)
        Complex twoI = Complex.ofCartesian(0, 2);
        Complex v = Complex.ofCartesian(3, 5);
        assertEquals(Complex.ofCartesian(-10, 6), Errata.doc002Product(twoI, v));
        assertEquals(twoI.multiply(v), Errata.doc002Product(twoI, v));
    }
}
