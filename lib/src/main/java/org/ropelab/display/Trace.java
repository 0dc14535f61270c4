package org.ropelab.display;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One series of a Plotly chart: the attributes of one entry of a figure's {@code data} array,
 * as in Plotly's JSON figure reference ({@code type}, {@code x}, {@code y}, {@code marker}, …).
 * Immutable: {@link #with} returns a new trace.
 */
public final class Trace {
    private final Map<String, Object> attributes;

    private Trace(Map<String, Object> attributes) {
        this.attributes = attributes;
    }

    /** Returns a trace of the given Plotly {@code type} ("scatter", "heatmap", "bar", …). */
    public static Trace of(String type) {
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("type must name a Plotly trace type such as scatter, got '" + type + "'");
        }
        return new Trace(new LinkedHashMap<>()).with("type", type);
    }

    /** Returns a trace with the given Plotly attributes (copied). */
    static Trace ofAttributes(Map<String, Object> attributes) {
        return new Trace(new LinkedHashMap<>(attributes));
    }

    /** Returns a line chart of {@code y} against {@code x}. */
    public static Trace line(double[] x, double[] y) {
        requireSameLength(x, y);
        return of("scatter").with("mode", "lines").with("x", x).with("y", y);
    }

    /** Returns points at {@code (x[i], y[i])}. */
    public static Trace points(double[] x, double[] y) {
        requireSameLength(x, y);
        return of("scatter").with("mode", "markers").with("x", x).with("y", y);
    }

    /** Returns a heat map of {@code z[row][column]}, row 0 drawn at the bottom unless the layout reverses the axis. */
    public static Trace heatmap(double[][] z) {
        if (z.length == 0) {
            throw new IllegalArgumentException("heatmap needs at least one row, got 0");
        }
        return of("heatmap").with("z", z);
    }

    /** Returns a bar chart of {@code y} over the category labels {@code x}. */
    public static Trace bars(String[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("x and y must have the same length, got " + x.length + " and " + y.length);
        }
        return of("bar").with("x", x).with("y", y);
    }

    /** Returns a copy with attribute {@code path} (dotted for nested, e.g. "marker.color") set. */
    public Trace with(String path, Object value) {
        return new Trace(PlotlyJson.with(attributes, path, value));
    }

    /** Returns the copy named {@code name} in the legend. */
    public Trace named(String name) {
        return with("name", name);
    }

    /** Returns the attributes, read-only. */
    public Map<String, Object> attributes() {
        return Collections.unmodifiableMap(attributes);
    }

    private static void requireSameLength(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("x and y must have the same length, got " + x.length + " and " + y.length);
        }
    }
}
