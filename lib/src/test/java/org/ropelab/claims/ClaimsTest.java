package org.ropelab.claims;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ClaimsTest {
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final Claims claims = Claims.printingTo(new PrintStream(printed, true, StandardCharsets.UTF_8));

    private String output() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    @Test
    void errorWithinToleranceHoldsAndPrintsTheVerdictLine() {
        claims.holds("C002-06", "moduli multiply", 2.2e-16, 1e-12);
        assertEquals("✓ C002-06 moduli multiply — max error 2.2e-16 ≤ tol 1.0e-12\n", output());
    }

    @Test
    void errorAboveToleranceFailsPrintsACrossAndThrows() {
        ClaimFailedException e = assertThrows(ClaimFailedException.class,
                () -> claims.holds("C002-06", "moduli multiply", 0.5, 1e-12));
        assertTrue(output().startsWith("✗ C002-06 moduli multiply — max error 0.50 > tol"), output());
        assertTrue(e.getMessage().startsWith("✗ C002-06"));
        assertEquals(1, claims.verdicts().size());
        assertEquals(Verdict.FAILS, claims.verdicts().get(0).glyph());
    }

    @Test
    void nanErrorNeverHolds() {
        assertThrows(ClaimFailedException.class, () -> claims.holds("C000-05", "euler", Double.NaN, 1e-12));
    }

    @Test
    void erratumNeedsThePrintedFormWrongAndTheCorrectedRight() {
        claims.erratum("C002-08", "product sign", 3.0, 1e-16, 1e-12);
        assertTrue(output().startsWith("⚠ C002-08 product sign — erratum: printed form off by 3.0"), output());
        // a printed form that is in fact right is not an erratum: the check must fail
        assertThrows(ClaimFailedException.class, () -> claims.erratum("C002-08", "product sign", 1e-16, 1e-16, 1e-12));
        // a correction that is still wrong fails too
        assertThrows(ClaimFailedException.class, () -> claims.erratum("C002-08", "product sign", 3.0, 2.0, 1e-12));
    }

    @Test
    void caveatAndCitedGlyphs() {
        claims.holdsWithCaveat("C003-05", "decay", 0.01, 0.1, "only partly with random q, k");
        claims.cited("C004-03", "FlashAttention-2 speed-up", "Dao 2023");
        assertEquals("⚠", claims.verdicts().get(0).glyph());
        assertEquals("◦", claims.verdicts().get(1).glyph());
        assertTrue(output().contains("caveat: only partly with random q, k"));
        assertEquals(2, claims.table().rowCount());
    }

    @Test
    void idsBeyondTheDocumentsTakeTheXForm() {
        claims.holds("X01-07", "mixed rotation directions break the relative property", true, "by measurement");
        assertTrue(output().startsWith("✓ X01-07 "), output());
        assertThrows(IllegalArgumentException.class, () -> claims.holds("X1-07", "t", true, "m"));
        assertThrows(IllegalArgumentException.class, () -> claims.holds("X01-07b", "t", true, "m"));
    }

    @Test
    void booleanChecks() {
        claims.holds("C000-07", "lookup past the end fails", true, "IllegalArgumentException at 512");
        assertThrows(ClaimFailedException.class, () -> claims.holds("C000-07", "lookup", false, "no error"));
    }

    @Test
    void badArgumentsAreRejectedWithTheirValue() {
        IllegalArgumentException id = assertThrows(IllegalArgumentException.class, () -> claims.holds("X1", "t", 0, 1));
        assertTrue(id.getMessage().contains("'X1'"));
        IllegalArgumentException tol = assertThrows(IllegalArgumentException.class, () -> claims.holds("C000-03", "t", 0, 0));
        assertTrue(tol.getMessage().contains("got 0.0"));
        assertThrows(IllegalArgumentException.class, () -> claims.cited("C004-03", "t", " "));
        assertThrows(IllegalArgumentException.class, () -> claims.holds("C000-03", " ", 0, 1));
    }

    @Test
    void aNegativeErrorIsRejectedNotPassed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> claims.holds("C000-03", "signed difference", -0.3, 1e-12));
        assertTrue(e.getMessage().contains("got -0.3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> claims.holdsWithCaveat("C003-05", "t", -1, 1, "c"));
        assertThrows(IllegalArgumentException.class, () -> claims.erratum("C002-08", "t", 3, -1e-16, 1e-12));
        assertTrue(claims.verdicts().isEmpty());
    }

    @Test
    void aFailedCaveatThrowsAndABlankMeasurementIsRejected() {
        assertThrows(ClaimFailedException.class, () -> claims.holdsWithCaveat("C003-05", "decay", false, "no decay"));
        assertThrows(ClaimFailedException.class, () -> claims.holdsWithCaveat("C003-05", "decay", 0.2, 0.1, "c"));
        assertThrows(IllegalArgumentException.class, () -> claims.holds("C000-07", "lookup", true, " "));
    }
}
