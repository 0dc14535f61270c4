package org.ropelab.display;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.stream.Stream;

/**
 * JSON for Plotly: non-finite numbers become {@code null}, which Plotly draws as a gap; maps and
 * sets without a fixed iteration order are written sorted, so the JSON is the same in every JVM.
 */
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
        node.put(keys[keys.length - 1], ordered(value));
        return copy;
    }

    /**
     * Returns a copy of {@code value} in which every map or set without a fixed iteration order
     * ({@code Map.of}, {@code HashMap}, {@code Set.of}: their order may change from one JVM to the
     * next) has its entries sorted — maps by key, sets by their JSON — recursively through maps,
     * lists, sets and object arrays. {@code LinkedHashMap}, {@code SortedMap} and their set
     * counterparts keep their order.
     */
    static Object ordered(Object value) {
        if (value instanceof Map<?, ?> map) {
            Stream<? extends Map.Entry<?, ?>> entries = map.entrySet().stream();
            if (!(map instanceof LinkedHashMap || map instanceof SortedMap)) {
                entries = entries.sorted(Comparator.comparing(e -> String.valueOf(e.getKey())));
            }
            Map<String, Object> copy = new LinkedHashMap<>();
            entries.forEach(e -> copy.put(String.valueOf(e.getKey()), ordered(e.getValue())));
            return copy;
        }
        if (value instanceof Set<?> set) {
            Stream<Object> elements = set.stream().map(PlotlyJson::ordered);
            if (!(set instanceof LinkedHashSet || set instanceof SortedSet)) {
                elements = elements.sorted(Comparator.comparing(PlotlyJson::write));
            }
            return elements.toList();
        }
        if (value instanceof List<?> list) {
            return list.stream().map(PlotlyJson::ordered).toList();
        }
        if (value instanceof Object[] array) {
            return Arrays.stream(array).map(PlotlyJson::ordered).toList();
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> deepCopy(Map<String, Object> source) {
        Map<String, Object> copy = new LinkedHashMap<>();
        source.forEach((k, v) -> copy.put(k, v instanceof Map ? deepCopy((Map<String, Object>) v) : v));
        return copy;
    }
}
