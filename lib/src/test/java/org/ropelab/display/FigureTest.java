package org.ropelab.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

class FigureTest {
    private final Figure figure = Figure.of(Layout.of("title", "x", "y"),
            Trace.line(new double[] {0, 1, 2}, new double[] {1, Double.NaN, 4}).named("series"));

    @Test
    void jsonFollowsPlotlysFigureModel() {
        JsonObject json = JsonParser.parseString(figure.toJson()).getAsJsonObject();
        JsonObject trace = json.getAsJsonArray("data").get(0).getAsJsonObject();
        assertEquals("scatter", trace.get("type").getAsString());
        assertEquals("lines", trace.get("mode").getAsString());
        assertEquals("series", trace.get("name").getAsString());
        assertEquals(4.0, trace.getAsJsonArray("y").get(2).getAsDouble());
        assertTrue(trace.getAsJsonArray("y").get(1).isJsonNull(), "NaN must become null, a gap in Plotly");
        assertEquals("x", json.getAsJsonObject("layout").getAsJsonObject("xaxis").getAsJsonObject("title").get("text").getAsString());
        assertFalse(json.has("frames"));
    }

    @Test
    void dottedPathsNestAndLeaveTheOriginalUnchanged() {
        Trace plain = Trace.points(new double[] {1}, new double[] {2});
        Trace red = plain.with("marker.color", "red").with("marker.size", 9);
        assertFalse(plain.attributes().containsKey("marker"));
        assertEquals("{color=red, size=9}", red.attributes().get("marker").toString());
        assertThrows(IllegalArgumentException.class, () -> plain.with(" ", 1));
    }

    @Test
    void elementIdDependsOnlyOnContent() {
        Figure same = Figure.of(Layout.of("title", "x", "y"),
                Trace.line(new double[] {0, 1, 2}, new double[] {1, Double.NaN, 4}).named("series"));
        Figure other = Figure.of(Layout.of("other", "x", "y"), Trace.line(new double[] {0}, new double[] {1}));
        assertEquals(figure.elementId(), same.elementId());
        assertNotEquals(figure.elementId(), other.elementId());
        assertEquals(figure.toHtml(), same.toHtml());
    }

    @Test
    void htmlDrawsOfflineAndCannotBreakOutOfItsScript() {
        Figure tricky = Figure.of(Layout.of("</script><b>x", "x", "y"), Trace.line(new double[] {0}, new double[] {1}));
        String html = tricky.toHtml();
        assertFalse(html.contains("http"), html);
        assertTrue(html.contains("plotly.min.js"));
        assertTrue(html.contains("<\\/script><b>x"));
        assertEquals(1, html.split("</script>", -1).length - 1, "only the closing tag of the figure's own script");
    }

    @Test
    void framesAreWrittenForAnimations() {
        Figure animated = figure.withFrame("step 1", Trace.line(new double[] {0}, new double[] {3}));
        JsonObject json = JsonParser.parseString(animated.toJson()).getAsJsonObject();
        assertEquals("step 1", json.getAsJsonArray("frames").get(0).getAsJsonObject().get("name").getAsString());
        assertTrue(figure.frames().isEmpty(), "withFrame returns a copy");
    }

    @Test
    void badInputIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Trace.line(new double[] {1, 2}, new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> Trace.heatmap(new double[0][]));
        assertThrows(IllegalArgumentException.class, () -> Figure.of(Layout.of("t", "x", "y")));
    }
}
