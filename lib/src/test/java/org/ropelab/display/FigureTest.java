package org.ropelab.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    /** A map that iterates its entries in the order given, like Map.of does in some JVM run. */
    private static Map<String, Object> iterating(Object... keysAndValues) {
        List<Map.Entry<String, Object>> entries = new ArrayList<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            entries.add(Map.entry((String) keysAndValues[i], keysAndValues[i + 1]));
        }
        return new AbstractMap<>() {
            @Override
            public Set<Map.Entry<String, Object>> entrySet() {
                return new java.util.AbstractSet<>() {
                    @Override
                    public java.util.Iterator<Map.Entry<String, Object>> iterator() {
                        return entries.iterator();
                    }

                    @Override
                    public int size() {
                        return entries.size();
                    }
                };
            }
        };
    }

    @Test
    void jsonDoesNotDependOnMapIterationOrder() {
        Map<String, Object> one = iterating("mode", "immediate", "frame", iterating("duration", 400, "redraw", false));
        Map<String, Object> other = iterating("frame", iterating("redraw", false, "duration", 400), "mode", "immediate");
        Trace trace = Trace.line(new double[] {0}, new double[] {1});
        Figure a = Figure.of(Layout.of("t", "x", "y").with("updatemenus", List.of(one)), trace.with("line", other));
        Figure b = Figure.of(Layout.of("t", "x", "y").with("updatemenus", List.of(other)), trace.with("line", one));
        assertEquals(a.toJson(), b.toJson());
        assertEquals(a.elementId(), b.elementId());
        assertTrue(a.toJson().contains("[{\"frame\":{\"duration\":400,\"redraw\":false},\"mode\":\"immediate\"}]"),
                "unordered maps are written with sorted keys: " + a.toJson());
        Set<String> unordered = new HashSet<>(List.of("b", "a", "c"));
        assertEquals("[\"a\",\"b\",\"c\"]", PlotlyJson.write(PlotlyJson.ordered(unordered)));
    }

    @Test
    void orderedMapsKeepTheirOrder() {
        Map<String, Object> kept = new LinkedHashMap<>();
        kept.put("z", 1);
        kept.put("a", 2);
        Trace t = Trace.of("scatter").with("marker", kept);
        assertTrue(PlotlyJson.write(t.attributes()).contains("\"marker\":{\"z\":1,\"a\":2}"), PlotlyJson.write(t.attributes()));
    }
}
