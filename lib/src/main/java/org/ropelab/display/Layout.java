package org.ropelab.display;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A Plotly figure's {@code layout}: title, axes, size. Immutable: {@link #with} returns a new layout. */
public final class Layout {
    private final Map<String, Object> attributes;

    private Layout(Map<String, Object> attributes) {
        this.attributes = attributes;
    }

    /** Returns a layout with a title and axis titles, 640×420 pixels. */
    public static Layout of(String title, String xTitle, String yTitle) {
        return new Layout(new LinkedHashMap<>())
                .with("title.text", title)
                .with("xaxis.title.text", xTitle)
                .with("yaxis.title.text", yTitle)
                .with("width", 640)
                .with("height", 420);
    }

    /** Returns a layout with the given Plotly attributes (copied). */
    static Layout ofAttributes(Map<String, Object> attributes) {
        return new Layout(new LinkedHashMap<>(attributes));
    }

    /** Returns a copy with attribute {@code path} (dotted for nested, e.g. "yaxis.scaleanchor") set. */
    public Layout with(String path, Object value) {
        return new Layout(PlotlyJson.with(attributes, path, value));
    }

    /** Returns the copy whose axes have equal scale, so that angles and circles look true. */
    public Layout equalAxes() {
        return with("yaxis.scaleanchor", "x").with("yaxis.scaleratio", 1);
    }

    /** Returns the attributes, read-only. */
    public Map<String, Object> attributes() {
        return Collections.unmodifiableMap(attributes);
    }

    int height() {
        Object h = attributes.get("height");
        return h instanceof Number ? ((Number) h).intValue() : 420;
    }
}
