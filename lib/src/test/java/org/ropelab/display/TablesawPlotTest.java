package org.ropelab.display;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.api.LinePlot;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.traces.ScatterTrace;

/** Tablesaw's jsplot figures read back as Plotly JSON, compared with the table they were made from. */
class TablesawPlotTest {
    private static final double[] LAMBDA = {6.283185307179586, 7.2908, 8.46};

    private static Table waves() {
        return Table.create("w", IntColumn.create("pair i", new int[] {0, 1, 2}), DoubleColumn.create("λ", LAMBDA));
    }

    private static double[] numbers(Object list) {
        return ((List<?>) list).stream().mapToDouble(v -> Double.parseDouble(String.valueOf(v))).toArray();
    }

    @Test
    void linePlotKeepsTheTablesValuesTitlesAndLineMode() {
        Figure figure = TablesawPlot.toFigure(LinePlot.create("Wavelengths", waves(), "pair i", "λ"));
        assertEquals(1, figure.traces().size());
        Map<String, Object> trace = figure.traces().get(0).attributes();
        assertEquals("scatter", trace.get("type"));
        assertEquals("lines", trace.get("mode"));
        assertArrayEquals(new double[] {0, 1, 2}, numbers(trace.get("x")), 0.0);
        assertArrayEquals(LAMBDA, numbers(trace.get("y")), 0.0);
        Map<String, Object> layout = figure.layout().attributes();
        assertEquals(Map.of("text", "Wavelengths"), layout.get("title"));
        assertEquals(Map.of("text", "pair i"), ((Map<?, ?>) layout.get("xaxis")).get("title"));
        assertEquals(Map.of("text", "λ"), ((Map<?, ?>) layout.get("yaxis")).get("title"));
        assertEquals("Figure[Wavelengths, 1 trace(s)]", figure.toString());
    }

    @Test
    void tracesComeInTheFiguresOrder() {
        ScatterTrace a = ScatterTrace.builder(new double[] {1, 2}, new double[] {3, 4}).name("first").build();
        ScatterTrace b = ScatterTrace.builder(new double[] {1, 2}, new double[] {5, 6}).name("second").build();
        Figure figure = TablesawPlot.toFigure(new tech.tablesaw.plotly.components.Figure(Layout.builder("two").build(), a, b));
        assertEquals(List.of("first", "second"), figure.traces().stream().map(t -> t.attributes().get("name")).toList());
        assertArrayEquals(new double[] {5, 6}, numbers(figure.traces().get(1).attributes().get("y")), 0.0);
    }

    @Test
    void theKernelShowsATablesawFigureAsPlotlyJsonAndOfflineHtml() {
        Renderer renderer = new Renderer();
        RopelabExtension.register(renderer);
        DisplayData shown = renderer.render(LinePlot.create("It's </script> safe", waves(), "pair i", "λ"));
        Map<?, ?> bundle = (Map<?, ?>) shown.getData(MIMEType.parse(Figure.MIME_TYPE));
        Map<?, ?> trace = (Map<?, ?>) ((List<?>) bundle.get("data")).get(0);
        assertArrayEquals(LAMBDA, numbers(trace.get("y")), 0.0);
        String html = shown.getData(MIMEType.TEXT_HTML).toString();
        assertTrue(html.contains("s.src = \"plotly.min.js\""), "loads the local plotly.min.js");
        assertEquals(1, html.split("</script>", -1).length - 1, "only the closing tag ends the script");
        assertFalse(html.contains("cdn.plot.ly"), "no CDN");
    }

    @Test
    void trailingCommasGoOnlyOutsideStrings() {
        assertEquals("{a: [1, 2], b: 'x, }', c: \"y,]\"\n}", TablesawPlot.withoutTrailingCommas("{a: [1, 2,], b: 'x, }', c: \"y,]\",\n}"));
        assertEquals("{t: 'it\\'s, }'}", TablesawPlot.withoutTrailingCommas("{t: 'it\\'s, }',}"));
    }

    @Test
    void aFigureWithoutTracesIsRejected() {
        var empty = new tech.tablesaw.plotly.components.Figure(Layout.builder("none").build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TablesawPlot.toFigure(empty));
        assertTrue(e.getMessage().contains("at least one trace"), e.getMessage());
    }
}
