package org.ropelab.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class TableHtmlTest {

    @Test
    void cellsAndNamesAreEscaped() {
        Table t = Table.create("a <b> & c", StringColumn.create("<th>", "<script>alert('x')</script>"));
        String html = TableHtml.of(t);
        assertFalse(html.contains("<script>"), html);
        assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
        assertTrue(html.contains("<th>&lt;th&gt;</th>"));
        assertTrue(html.contains("a &lt;b&gt; &amp; c"));
    }

    @Test
    void rowLimitIsAppliedAndStated() {
        Table t = Table.create("n", DoubleColumn.create("x", new double[] {1, 2, 3, 4, 5}));
        String html = TableHtml.of(t, 2);
        assertEquals(2, html.split("<tr>", -1).length - 2, "two body rows besides the header row");
        assertTrue(html.contains("2 of 5 rows"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TableHtml.of(t, 0));
        assertEquals("rowLimit must be at least 1, got 0", e.getMessage());
    }

    @Test
    void decimalsShowSixSignificantDigits() {
        assertEquals("0.333333", TableHtml.format(1.0 / 3));
        assertEquals("123457", TableHtml.format(123456.7));
        assertEquals("1.00000e-09", TableHtml.format(1e-9));
        assertEquals("-2.50000e+07", TableHtml.format(-2.5e7));
        assertEquals("0", TableHtml.format(0.0));
        assertEquals("NaN", TableHtml.format(Double.NaN));
        assertEquals("7", TableHtml.format(7));
        assertEquals("x", TableHtml.format("x"));
    }
}
