package org.ropelab.claims;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The claim checks of one notebook. Each check prints its verdict line at once
 * ({@code ✓ C002-06 moduli multiply — max error 2.2e-16 ≤ tol 1e-12}); a failing check prints a
 * {@code ✗} line and throws {@link ClaimFailedException}. {@link #table()} lists every verdict.
 */
public final class Claims {
    private static final Pattern ID = Pattern.compile("C\\d{3}-\\d{2}b?|X\\d{2}-\\d{2}");

    private final List<Verdict> verdicts = new ArrayList<>();
    private final PrintStream out;

    private Claims(PrintStream out) {
        this.out = out;
    }

    /** Returns an empty record of checks that prints its verdicts to standard output. */
    public static Claims start() {
        return new Claims(System.out);
    }

    /** Returns an empty record of checks that prints its verdicts to {@code out}. */
    public static Claims printingTo(PrintStream out) {
        return new Claims(out);
    }

    /**
     * Checks {@code error ≤ tolerance}: {@code ✓}, or {@code ✗} and a throw. The error is a distance
     * ({@code |a − b|}, a norm), so a negative one is rejected; NaN never holds.
     */
    public void holds(String id, String text, double error, double tolerance) {
        requireErrorAndTolerance(error, tolerance);
        boolean ok = error <= tolerance;
        record(new Verdict(ok ? Verdict.HOLDS : Verdict.FAILS, id, text, errorVersus(error, tolerance)));
    }

    /** Checks a yes/no property described by {@code measurement}: {@code ✓}, or {@code ✗} and a throw. */
    public void holds(String id, String text, boolean holds, String measurement) {
        record(new Verdict(holds ? Verdict.HOLDS : Verdict.FAILS, id, text, measurement));
    }

    /**
     * Checks {@code error ≤ tolerance} for a claim that holds only with a caveat: {@code ⚠} with the
     * caveat stated, or {@code ✗} and a throw.
     */
    public void holdsWithCaveat(String id, String text, double error, double tolerance, String caveat) {
        requireErrorAndTolerance(error, tolerance);
        if (caveat == null || caveat.isBlank()) {
            throw new IllegalArgumentException("caveat must say what limits the claim, got '" + caveat + "'");
        }
        boolean ok = error <= tolerance;
        String measurement = errorVersus(error, tolerance) + "; caveat: " + caveat;
        record(new Verdict(ok ? Verdict.CAVEAT : Verdict.FAILS, id, text, measurement));
    }

    /** Records a yes/no property that holds only with a caveat: {@code ⚠}, or {@code ✗} and a throw. */
    public void holdsWithCaveat(String id, String text, boolean holds, String measurement) {
        record(new Verdict(holds ? Verdict.CAVEAT : Verdict.FAILS, id, text, measurement));
    }

    /**
     * Checks a document erratum: the printed formula must miss the true value by more than
     * {@code tolerance} and the corrected one must meet it; then {@code ⚠}, else {@code ✗} and a throw.
     */
    public void erratum(String id, String text, double printedError, double correctedError, double tolerance) {
        requireErrorAndTolerance(printedError, tolerance);
        requireErrorAndTolerance(correctedError, tolerance);
        boolean printedWrong = printedError > tolerance;
        boolean correctedRight = correctedError <= tolerance;
        String measurement = String.format(Locale.ROOT,
                "erratum: printed form off by %s (%s tol %s), corrected form off by %s (%s tol %s)",
                number(printedError), printedWrong ? ">" : "≤ — expected >", number(tolerance),
                number(correctedError), correctedRight ? "≤" : ">", number(tolerance));
        record(new Verdict(printedWrong && correctedRight ? Verdict.CAVEAT : Verdict.FAILS, id, text, measurement));
    }

    /** Records a claim cited from {@code source} that cannot be measured here: {@code ◦}. */
    public void cited(String id, String text, String source) {
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("source must name where the claim comes from, got '" + source + "'");
        }
        record(new Verdict(Verdict.CITED, id, text, "cited, not measured here: " + source));
    }

    /** Returns every verdict so far, in order. */
    public List<Verdict> verdicts() {
        return List.copyOf(verdicts);
    }

    /** Returns the verdicts as a table with columns verdict, claim, what was checked, measurement. */
    public Table table() {
        StringColumn glyph = StringColumn.create("verdict");
        StringColumn id = StringColumn.create("claim");
        StringColumn text = StringColumn.create("what was checked");
        StringColumn measurement = StringColumn.create("measurement");
        for (Verdict v : verdicts) {
            glyph.append(v.glyph());
            id.append(v.id());
            text.append(v.text());
            measurement.append(v.measurement());
        }
        return Table.create("Claims checked", glyph, id, text, measurement);
    }

    private void record(Verdict verdict) {
        if (verdict.id() == null || !ID.matcher(verdict.id()).matches()) {
            throw new IllegalArgumentException("claim id must look like C002-08 (see CLAIMS.md), got '" + verdict.id() + "'");
        }
        if (verdict.text() == null || verdict.text().isBlank()) {
            throw new IllegalArgumentException("claim text must not be blank for " + verdict.id());
        }
        if (verdict.measurement() == null || verdict.measurement().isBlank()) {
            throw new IllegalArgumentException("the measurement of " + verdict.id() + " must say what was measured, got '"
                    + verdict.measurement() + "'");
        }
        verdicts.add(verdict);
        out.println(verdict);
        out.flush();
        if (!verdict.passed()) {
            throw new ClaimFailedException(verdict);
        }
    }

    private static void requireErrorAndTolerance(double error, double tolerance) {
        if (!(tolerance > 0) || Double.isInfinite(tolerance)) {
            throw new IllegalArgumentException("tolerance must be positive and finite, got " + tolerance);
        }
        if (error < 0) {
            throw new IllegalArgumentException("error must be a distance, at least 0 (pass |a − b|, not a − b), got " + error);
        }
    }

    private static String errorVersus(double error, double tolerance) {
        return "max error " + number(error) + (error <= tolerance ? " ≤ " : " > ") + "tol " + number(tolerance);
    }

    /** Returns {@code x} in the short scientific form used in verdict lines, e.g. {@code 2.2e-16}. */
    public static String number(double x) {
        if (x == 0) {
            return "0";
        }
        return String.format(Locale.ROOT, "%.2g", x).replace("e-0", "e-").replace("e+0", "e+").replace("e+", "e");
    }
}
