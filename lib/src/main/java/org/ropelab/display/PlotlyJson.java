package org.ropelab.display;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** JSON for Plotly: non-finite numbers become {@code null}, which Plotly draws as a gap. */
final class PlotlyJson {
    private static final TypeAdapter<Double> FINITE_OR_NULL = new TypeAdapter<>() {
        @Override
        public void write(JsonWriter out, Double value) throws IOException {
            if (value == null || !Double.isFinite(value)) {
                out.nullValue();
            } else {
                out.value(value.doubleValue());
            }
        }

        @Override
        public Double read(JsonReader in) {
            throw new UnsupportedOperationException("figures are written, never read");
        }
    };

    private static final Gson GSON = new GsonBuilder()
            .registerTypeAdapter(Double.class, FINITE_OR_NULL)
            .registerTypeAdapter(double.class, FINITE_OR_NULL)
            .disableHtmlEscaping()
            .create();

    private PlotlyJson() {
    }

    static String write(Object value) {
        return GSON.toJson(value);
    }

    /** Returns {@code json} as plain maps, lists, numbers and nulls, for a kernel that serialises them again. */
    static Object parse(String json) {
        return new Gson().fromJson(json, Object.class);
    }

    /**
     * Returns a copy of {@code attributes} with {@code path} set to {@code value}; a dotted path
     * such as {@code "marker.size"} sets a nested attribute, creating the inner objects it needs.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> with(Map<String, Object> attributes, String path, Object value) {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("attribute path must not be blank, got '" + path + "'");
        }
        Map<String, Object> copy = deepCopy(attributes);
        String[] keys = path.split("\\.");
        Map<String, Object> node = copy;
        for (int i = 0; i < keys.length - 1; i++) {
            Object child = node.get(keys[i]);
            if (!(child instanceof Map)) {
                child = new LinkedHashMap<String, Object>();
                node.put(keys[i], child);
            }
            node = (Map<String, Object>) child;
        }
        node.put(keys[keys.length - 1], value);
        return copy;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> deepCopy(Map<String, Object> source) {
        Map<String, Object> copy = new LinkedHashMap<>();
        source.forEach((k, v) -> copy.put(k, v instanceof Map ? deepCopy((Map<String, Object>) v) : v));
        return copy;
    }
}
