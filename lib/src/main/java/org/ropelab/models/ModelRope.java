package org.ropelab.models;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    @Override
    public String toString() {
        return "ModelRope[" + modelType + ", " + layers.size() + " layers, types " + byLayerType().keySet()
                + (softmaxScaleFactor == 1 ? "" : ", softmax ×" + softmaxScaleFactor)
                + (mropeSections.length == 0 ? "" : ", mrope " + Arrays.toString(mropeSections)) + "]";
    }
}
