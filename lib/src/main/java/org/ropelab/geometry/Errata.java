package org.ropelab.geometry;

import org.apache.commons.numbers.complex.Complex;

/**
 * Formulas as the source documents print them where they are wrong, kept so that a notebook can
 * measure them against the truth. Each method names the document and the section.
 */
public final class Errata {
    private Errata() {
    }

    /**
     * Returns the product of {@code z = a + bi} and {@code w = c + di} as document 002 (§3.2)
     * prints it: {@code (ac − bd) + (bc − ad)i}. The true imaginary part is {@code ad + bc}.
     */
    public static Complex doc002Product(Complex z, Complex w) {
        ComplexPlane.requireFinite("z", z);
        ComplexPlane.requireFinite("w", w);
        double a = z.real();
        double b = z.imag();
        double c = w.real();
        double d = w.imag();
        return Complex.ofCartesian(a * c - b * d, b * c - a * d);
    }
}
