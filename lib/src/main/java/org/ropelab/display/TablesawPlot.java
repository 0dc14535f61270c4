package org.ropelab.display;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import com.google.gson.stream.JsonReader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tablesaw's own Plotly charts ({@code tech.tablesaw:tablesaw-jsplot}: {@code LinePlot},
 * {@code Heatmap}, …) as a {@link Figure}, so that they show inline like one: drawn by JupyterLab's
 * Plotly renderer and, in exported pages, by the local {@code plotly.min.js} instead of the CDN
 * that Tablesaw's own page template loads.
 */
final class TablesawPlot {
    private static final Pattern DECLARATION = Pattern.compile("\\bvar (\\w+) =");

    private TablesawPlot() {
    }

    /**
     * Returns the figure that Tablesaw's {@code figure} draws: the {@code data} and {@code layout}
     * that its generated JavaScript passes to {@code Plotly.newPlot}, read as (lenient) JSON.
     * Titles that Tablesaw writes as plain strings ({@code title: 'λ'}), which plotly.js 3 and
     * later ignore, become {@code title: {text: 'λ'}}. Event handlers and the plot config, which
     * are JavaScript, are not carried over.
     */
    @SuppressWarnings("unchecked")
    public static Figure toFigure(tech.tablesaw.plotly.components.Figure figure) {
        String js = figure.asJavascript("tablesaw-figure");
        Map<String, Object> values = new LinkedHashMap<>();
        Matcher m = DECLARATION.matcher(js);
        while (m.find()) {
            String name = m.group(1);
            if (name.equals("layout") || name.equals("data") || name.matches("trace\\d+")) {
                values.put(name, titlesAsObjects(readValue(js, m.end(), name)));
            }
        }
        Object names = values.get("data");
        if (!(names instanceof List) || ((List<?>) names).isEmpty()) {
            throw new IllegalArgumentException("a Tablesaw figure needs at least one trace, got " + names);
        }
        List<Trace> traces = new ArrayList<>();
        for (Object traceName : (List<?>) names) {
            Object attributes = values.get(String.valueOf(traceName));
            if (!(attributes instanceof Map)) {
                throw new IllegalArgumentException("Tablesaw figure's data names trace " + traceName + ", which it does not define");
            }
            traces.add(Trace.ofAttributes((Map<String, Object>) attributes));
        }
        Object layout = values.getOrDefault("layout", Map.of());
        return Figure.of(Layout.ofAttributes((Map<String, Object>) layout), traces.toArray(Trace[]::new));
    }

    private static Object readValue(String js, int start, String name) {
        JsonReader reader = new JsonReader(new StringReader(withoutTrailingCommas(js.substring(start))));
        reader.setLenient(true); // Tablesaw writes JavaScript literals: bare keys, 'single quotes'
        try {
            return new Gson().fromJson(reader, Object.class);
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("cannot read Tablesaw's " + name + " as JSON: " + e.getMessage(), e);
        }
    }

    /** Returns {@code value} with every string-valued {@code title} attribute turned into {@code {text: title}}. */
    @SuppressWarnings("unchecked")
    static Object titlesAsObjects(Object value) {
        if (value instanceof Map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            ((Map<String, Object>) value).forEach((k, v) ->
                    copy.put(k, k.equals("title") && v instanceof String ? Map.of("text", v) : titlesAsObjects(v)));
            return copy;
        }
        if (value instanceof List) {
            return ((List<?>) value).stream().map(TablesawPlot::titlesAsObjects).toList();
        }
        return value;
    }

    /** Returns {@code js} without the commas that JavaScript allows before a closing } or ], outside strings. */
    static String withoutTrailingCommas(String js) {
        StringBuilder out = new StringBuilder(js.length());
        char quote = 0;
        for (int i = 0; i < js.length(); i++) {
            char c = js.charAt(i);
            if (quote != 0) {
                if (c == '\\' && i + 1 < js.length()) {
                    out.append(c).append(js.charAt(++i));
                    continue;
                }
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == ',') {
                int next = i + 1;
                while (next < js.length() && Character.isWhitespace(js.charAt(next))) {
                    next++;
                }
                if (next < js.length() && (js.charAt(next) == '}' || js.charAt(next) == ']')) {
                    continue;
                }
            }
            out.append(c);
        }
        return out.toString();
    }
}
