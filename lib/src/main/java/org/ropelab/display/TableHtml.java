package org.ropelab.display;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * HTML for a Tablesaw table: every cell escaped, at most {@code rowLimit} rows, and decimals shown
 * to {@value #SIGNIFICANT_DIGITS} significant digits (scientific notation outside [1e-4, 1e6)); the
 * caption states both, so a reader knows what was cut or rounded.
 */
final class TableHtml {
    /** Significant digits shown for decimal cells. */
    public static final int SIGNIFICANT_DIGITS = 6;
    /** Rows shown when no limit is given. */
    public static final int DEFAULT_ROW_LIMIT = 40;

    private TableHtml() {
    }

    /** Returns the HTML of {@code table} with the default row limit. */
    public static String of(Table table) {
        return of(table, DEFAULT_ROW_LIMIT);
    }

    /** Returns the HTML of the first {@code rowLimit} rows of {@code table}. */
    public static String of(Table table, int rowLimit) {
        if (rowLimit < 1) {
            throw new IllegalArgumentException("rowLimit must be at least 1, got " + rowLimit);
        }
        StringBuilder html = new StringBuilder("<table class=\"ropelab-table\">\n<caption>");
        html.append(escape(table.name() == null ? "" : table.name()));
        int shown = Math.min(rowLimit, table.rowCount());
        html.append(" <small>(").append(shown).append(" of ").append(table.rowCount()).append(" rows; decimals to ")
                .append(SIGNIFICANT_DIGITS).append(" significant digits)</small></caption>\n<thead><tr>");
        for (Column<?> column : table.columns()) {
            html.append("<th>").append(escape(column.name())).append("</th>");
        }
        html.append("</tr></thead>\n<tbody>\n");
        for (int r = 0; r < shown; r++) {
            html.append("<tr>");
            for (Column<?> column : table.columns()) {
                Object value = column.get(r);
                String align = value instanceof Number ? " style=\"text-align:right\"" : "";
                html.append("<td").append(align).append(">").append(escape(format(value))).append("</td>");
            }
            html.append("</tr>\n");
        }
        return html.append("</tbody>\n</table>").toString();
    }

    /** Returns the text of one cell: decimals rounded to the stated digits, everything else as is. */
    public static String format(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Double || value instanceof Float) {
            double x = ((Number) value).doubleValue();
            if (!Double.isFinite(x)) {
                return Double.toString(x);
            }
            if (x == 0) {
                return "0";
            }
            double a = Math.abs(x);
            if (a >= 1e-4 && a < 1e6) {
                return new BigDecimal(x).round(new MathContext(SIGNIFICANT_DIGITS)).stripTrailingZeros().toPlainString();
            }
            return String.format(Locale.ROOT, "%." + (SIGNIFICANT_DIGITS - 1) + "e", x);
        }
        return value.toString();
    }

    /** Returns {@code text} with the five HTML-special characters escaped. */
    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
