package org.ropelab.display;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A chart in Plotly's JSON figure model: {@code {"data": [traces], "layout": {...}}}, optionally
 * with animation {@code frames}. Shown in a notebook as Plotly's own MIME type (drawn by
 * JupyterLab's Plotly renderer) and as offline HTML (drawn by a local {@code plotly.min.js}).
 */
public final class Figure {
    /** Mime type of Plotly's figure JSON, drawn by JupyterLab and VS Code. */
    public static final String MIME_TYPE = "application/vnd.plotly.v1+json";

    private final Layout layout;
    private final List<Trace> traces;
    private final List<Map<String, Object>> frames;

    private Figure(Layout layout, List<Trace> traces, List<Map<String, Object>> frames) {
        this.layout = layout;
        this.traces = List.copyOf(traces);
        this.frames = List.copyOf(frames);
    }

    /** Returns a figure of the given traces, drawn in order. */
    public static Figure of(Layout layout, Trace... traces) {
        if (traces.length == 0) {
            throw new IllegalArgumentException("a figure needs at least one trace, got 0");
        }
        return new Figure(layout, List.of(traces), List.of());
    }

    /** Returns a copy with one more animation frame, named {@code name}, that replaces the traces' data. */
    public Figure withFrame(String name, Trace... frameTraces) {
        if (frameTraces.length == 0) {
            throw new IllegalArgumentException("frame '" + name + "' needs at least one trace, got 0");
        }
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("name", name);
        List<Map<String, Object>> data = new ArrayList<>();
        for (Trace t : frameTraces) {
            data.add(t.attributes());
        }
        frame.put("data", data);
        List<Map<String, Object>> all = new ArrayList<>(frames);
        all.add(frame);
        return new Figure(layout, traces, all);
    }

    /** Returns the traces, in drawing order. */
    public List<Trace> traces() {
        return traces;
    }

    /** Returns the layout. */
    public Layout layout() {
        return layout;
    }

    /** Returns the animation frames, empty for a still chart. */
    public List<Map<String, Object>> frames() {
        return frames;
    }

    /** Returns Plotly's figure JSON: {@code data}, {@code layout} and, if any, {@code frames}. */
    public String toJson() {
        return PlotlyJson.write(toMap());
    }

    /** Returns the figure as nested maps, the form of the Plotly MIME bundle. */
    public Map<String, Object> toMap() {
        Map<String, Object> figure = new LinkedHashMap<>();
        List<Map<String, Object>> data = new ArrayList<>();
        for (Trace t : traces) {
            data.add(t.attributes());
        }
        figure.put("data", data);
        figure.put("layout", layout.attributes());
        if (!frames.isEmpty()) {
            figure.put("frames", frames);
        }
        return figure;
    }

    /** Returns an element id derived from the figure's content, so reruns give identical HTML. */
    public String elementId() {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(toJson().getBytes(StandardCharsets.UTF_8));
            return "ropelab-fig-" + HexFormat.of().formatHex(hash, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /**
     * Returns HTML that draws the figure with no network access: it uses {@code window.Plotly} if the
     * page has it, and otherwise loads {@code plotly.min.js} from beside the page (the build copies
     * it there from the {@code plotly} package).
     */
    public String toHtml() {
        String id = elementId();
        String json = toJson().replace("</", "<\\/");
        return "<div id=\"" + id + "\" class=\"ropelab-figure\" style=\"min-height:" + layout.height() + "px\"></div>\n"
                + "<script type=\"text/javascript\">\n"
                + "(function () {\n"
                + "  var fig = " + json + ";\n"
                + "  var el = document.getElementById(\"" + id + "\");\n"
                + "  function draw() { window.Plotly.newPlot(el, fig.data, fig.layout, {responsive: true})"
                + ".then(function (gd) { if (fig.frames) { window.Plotly.addFrames(gd, fig.frames); } }); }\n"
                + "  if (window.Plotly) { draw(); return; }\n"
                + "  if (!window.ropelabPlotly) {\n"
                + "    window.ropelabPlotly = new Promise(function (resolve, reject) {\n"
                + "      var s = document.createElement(\"script\");\n"
                + "      s.src = \"plotly.min.js\";\n"
                + "      s.onload = resolve;\n"
                + "      s.onerror = reject;\n"
                + "      document.head.appendChild(s);\n"
                + "    });\n"
                + "  }\n"
                + "  window.ropelabPlotly.then(draw, function () {\n"
                + "    el.textContent = \"This chart needs plotly.min.js beside the page (make run puts it there), \""
                + " + \"or open the notebook in JupyterLab.\";\n"
                + "  });\n"
                + "})();\n"
                + "</script>";
    }

    /** Returns a one-line description for plain-text displays. */
    @Override
    public String toString() {
        Object title = layout.attributes().get("title");
        String text = title instanceof Map ? String.valueOf(((Map<?, ?>) title).get("text")) : "untitled";
        return "Figure[" + text + ", " + traces.size() + " trace(s)" + (frames.isEmpty() ? "" : ", " + frames.size() + " frame(s)") + "]";
    }
}
