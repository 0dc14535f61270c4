package org.ropelab.claims;

/**
 * The outcome of checking one claim of {@code CLAIMS.md}, printed as one line
 * {@code <glyph> <id> <text> — <measurement>}.
 *
 * @param glyph       {@code ✓} holds, {@code ⚠} holds with a caveat or after correcting an erratum,
 *                    {@code ◦} cited from outside, {@code ✗} fails
 * @param id          the claim's ID, e.g. {@code C002-08}
 * @param text        the claim in a few words
 * @param measurement what was measured, with the tolerance it was held to
 */
public record Verdict(String glyph, String id, String text, String measurement) {
    /** The claim holds. */
    public static final String HOLDS = "✓";
    /** The claim holds with a caveat, or the document's erratum was found and its correction holds. */
    public static final String CAVEAT = "⚠";
    /** The claim is cited from outside and cannot be measured here. */
    public static final String CITED = "◦";
    /** The claim fails. */
    public static final String FAILS = "✗";

    /** Returns true unless the verdict is {@code ✗}. */
    public boolean passed() {
        return !FAILS.equals(glyph);
    }

    /** Returns the verdict line. */
    @Override
    public String toString() {
        return glyph + " " + id + " " + text + " — " + measurement;
    }
}
