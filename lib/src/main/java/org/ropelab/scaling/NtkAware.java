package org.ropelab.scaling;

import org.ropelab.rope.RopeScaling;

/**
 * NTK-aware base scaling (bloc97, 2023; described in the YaRN paper, Peng et al. 2023,
 * arXiv:2309.00071, §3.1): the base is raised to {@code base' = base·s^{r/(r−2)}}, so
 * {@code θ'_i = base'^(−2i/r)}: the highest frequency {@code θ_0 = 1} is kept and the lowest,
 * {@code θ_{r/2−1}}, is divided by exactly {@code s}; frequencies in between are divided by
 * {@code s^{2i/(r−2)}}. No attention factor. Hugging Face has no static type for it; its
 * {@code "dynamic"} type (see {@link DynamicNtk}) uses this base with a length-dependent factor.
 */
public final class NtkAware implements RopeScaling {
    private final double factor;

    private NtkAware(double factor) {
        this.factor = ScalingParameters.positive("factor", factor);
    }

    /** Returns NTK-aware scaling by the factor {@code s > 0}. */
    public static NtkAware of(double factor) {
        return new NtkAware(factor);
    }

    /** Returns the factor {@code s}. */
    public double factor() {
        return factor;
    }

    /** Returns the raised base {@code base·s^{r/(r−2)}} ({@code r ≥ 4}). */
    public double scaledBase(double base, int rotaryDim) {
        return base * Math.pow(factor, ScalingParameters.ntkExponent(rotaryDim));
    }

    /** Returns {@code θ'_i = (base·s^{r/(r−2)})^(−2i/r)} for every length ({@code r ≥ 4}). */
    @Override
    public double[] thetas(double base, int rotaryDim, long sequenceLength) {
        return RopeScaling.none().thetas(scaledBase(base, rotaryDim), rotaryDim, sequenceLength);
    }

    @Override
    public String name() {
        return "ntk(s=" + ScalingParameters.format(factor) + ")";
    }

    @Override
    public String toString() {
        return name();
    }
}
