package org.ropelab.scaling;

import org.ropelab.rope.RopeScaling;
import org.ropelab.rope.RotaryEmbedding;

/**
 * Dynamic NTK scaling (bloc97 and emozilla, 2023; Hugging Face's {@code rope_type = "dynamic"}): the
 * NTK-aware base of {@link NtkAware} with a factor that follows the sequence length {@code L}:
 * {@code s(L) = s·L'/L₀ − (s − 1)} with {@code L' = max(L, L₀)}, and
 * {@code base' = base·s(L)^{r/(r−2)}}. Inside the original context ({@code L ≤ L₀}) the frequencies
 * are the unscaled ones; at {@code L = L₀·k} the effective factor is {@code s·(k − 1) + 1}. As in
 * Hugging Face, {@code L} is the largest position plus one ({@link RotaryEmbedding#sequenceLength});
 * Hugging Face also caches the frequencies of the longest length seen until the length falls back
 * inside {@code L₀} — this schedule is stateless and recomputes them for every {@code L}. Follows
 * transformers 5.23.0 ({@code _compute_dynamic_ntk_parameters}, unchanged since 4.51): {@code L₀} is the
 * config's {@code max_position_embeddings}.
 */
public final class DynamicNtk implements RopeScaling {
    private final double factor;
    private final long originalLength;

    private DynamicNtk(double factor, long originalLength) {
        this.factor = ScalingParameters.atLeastOne("factor", factor);
        this.originalLength = ScalingParameters.length("originalLength", originalLength, 1);
    }

    /** Returns dynamic NTK scaling with factor {@code s ≥ 1} over the original context {@code L₀ ≥ 1}. */
    public static DynamicNtk of(double factor, long originalLength) {
        return new DynamicNtk(factor, originalLength);
    }

    /** Returns the factor {@code s}. */
    public double factor() {
        return factor;
    }

    /** Returns the original context {@code L₀}. */
    public long originalLength() {
        return originalLength;
    }

    /** Returns the effective NTK factor {@code s(L) = s·max(L, L₀)/L₀ − (s − 1)} (1 inside the original context). */
    public double effectiveFactor(long sequenceLength) {
        ScalingParameters.length("sequenceLength", sequenceLength, 1);
        long l = Math.max(sequenceLength, originalLength);
        return factor * l / originalLength - (factor - 1);
    }

    /** Returns {@code θ'_i = (base·s(L)^{r/(r−2)})^(−2i/r)} ({@code r ≥ 4}). */
    @Override
    public double[] thetas(double base, int rotaryDim, long sequenceLength) {
        double scaledBase = base * Math.pow(effectiveFactor(sequenceLength), ScalingParameters.ntkExponent(rotaryDim));
        return RopeScaling.none().thetas(scaledBase, rotaryDim, sequenceLength);
    }

    @Override
    public String name() {
        return "dynamic(s=" + ScalingParameters.format(factor) + ", L0=" + originalLength + ")";
    }

    @Override
    public String toString() {
        return name();
    }
}
