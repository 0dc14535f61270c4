package org.ropelab.models;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ropelab.rope.QueryTemperature;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * A model's RoPE, layer by layer, as {@link HuggingFaceRope#read} finds it in a config: the
 * {@code model_type}, one {@link LayerRope} per decoder layer (one layer when the config gives no layer
 * count), and what the attention code adds to the rotation: the factor {@code μ} its softmax scale
 * {@code 1/√d_qk} is multiplied by (DeepSeek-V3's YaRN {@code mscale²}; 1 for most models) and the
 * multimodal RoPE sections ({@code mrope_section}: how many of the {@code r/2} pairs follow the temporal,
 * height and width position; empty for text-only RoPE) with whether they are interleaved
 * ({@code mrope_interleaved}, Qwen3-VL). Immutable.
 */
public final class ModelRope {
    private final String modelType;
    private final List<LayerRope> layers;
    private final double softmaxScaleFactor;
    private final int[] mropeSections;
    private final boolean mropeInterleaved;

    ModelRope(String modelType, List<LayerRope> layers, double softmaxScaleFactor, int[] mropeSections, boolean mropeInterleaved) {
        this.modelType = modelType;
        this.layers = List.copyOf(layers);
        this.softmaxScaleFactor = softmaxScaleFactor;
        this.mropeSections = mropeSections.clone();
        this.mropeInterleaved = mropeInterleaved;
    }

    /** Returns the config's {@code model_type} (of its {@code text_config} when it has one), or {@code ""}. */
    public String modelType() {
        return modelType;
    }

    /** Returns every layer, in order. */
    public List<LayerRope> layers() {
        return layers;
    }

    /** Returns layer {@code i}. */
    public LayerRope layer(int i) {
        if (i < 0 || i >= layers.size()) {
            throw new IllegalArgumentException("layer index i must be in [0, " + layers.size() + "), got " + i);
        }
        return layers.get(i);
    }

    /** Returns the first layer of each layer type, keyed by type, in order of first appearance. */
    public Map<String, LayerRope> byLayerType() {
        Map<String, LayerRope> m = new LinkedHashMap<>();
        for (LayerRope l : layers) {
            m.putIfAbsent(l.layerType(), l);
        }
        return m;
    }

    /** Returns the indices of the layers that rotate (all but the NoPE layers). */
    public int[] rotatingLayers() {
        List<Integer> out = new ArrayList<>();
        for (LayerRope l : layers) {
            if (l.rotates()) {
                out.add(l.index());
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Returns the factor the attention code multiplies its softmax scale {@code 1/√d_qk} by (1 for most models). */
    public double softmaxScaleFactor() {
        return softmaxScaleFactor;
    }

    /** Returns the multimodal RoPE sections in pairs (a copy; empty when the config has none). */
    public int[] mropeSections() {
        return mropeSections.clone();
    }

    /** Returns whether the multimodal sections are interleaved over the pairs rather than contiguous. */
    public boolean mropeInterleaved() {
        return mropeInterleaved;
    }

    /**
     * Returns the layers as a table, one row per layer: {@code layer} (index), {@code attention} (its
     * {@code layer_types} entry), {@code RoPE} (the rope type, {@code none (NoPE)} on a layer that does not
     * rotate), {@code base}, {@code scaling} (the schedule's name), {@code rotated dims} ({@code 2 × } the
     * pairs with {@code θ_i ≠ 0}, of {@code head dim}) and {@code query temperature}
     * ({@code 1 + β·ln(1 + ⌊(p + offset)/F⌋)}, or {@code none}); base and dims are missing on NoPE layers.
     */
    public Table layerTable() {
        IntColumn index = IntColumn.create("layer");
        StringColumn kind = StringColumn.create("attention");
        StringColumn type = StringColumn.create("RoPE");
        DoubleColumn base = DoubleColumn.create("base");
        StringColumn scaling = StringColumn.create("scaling");
        IntColumn rotated = IntColumn.create("rotated dims");
        IntColumn head = IntColumn.create("head dim");
        StringColumn temperature = StringColumn.create("query temperature");
        for (LayerRope l : layers) {
            index.append(l.index());
            kind.append(l.layerType());
            type.append(l.rotates() ? l.ropeType() : "none (NoPE)");
            if (l.rotates()) {
                base.append(l.rope().base());
                scaling.append(l.rope().scaling().name());
                rotated.append(turningDims(l));
                head.append(l.rope().dim());
            } else {
                base.appendMissing();
                scaling.append("—");
                rotated.appendMissing();
                head.appendMissing();
            }
            temperature.append(describe(l.queryTemperature()));
        }
        return Table.create((modelType.isEmpty() ? "model" : modelType) + ": RoPE per layer", index, kind, type, base, scaling, rotated,
                head, temperature);
    }

    /** Returns {@code 2 × } the number of pairs of a rotating layer whose frequency is not 0 (at initialisation). */
    static int turningDims(LayerRope l) {
        return 2 * (int) Arrays.stream(l.rope().thetas()).filter(t -> t != 0).count();
    }

    private static String describe(QueryTemperature t) {
        if (t.isNone()) {
            return "none";
        }
        return String.format(Locale.ROOT, "1 + %s·ln(1 + ⌊(p + %s)/%s⌋)", number(t.beta()), number(t.offset()), number(t.floorScale()));
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    @Override
    public String toString() {
        return "ModelRope[" + modelType + ", " + layers.size() + " layers, types " + byLayerType().keySet()
                + (softmaxScaleFactor == 1 ? "" : ", softmax ×" + softmaxScaleFactor)
                + (mropeSections.length == 0 ? "" : ", mrope " + Arrays.toString(mropeSections)) + "]";
    }
}
