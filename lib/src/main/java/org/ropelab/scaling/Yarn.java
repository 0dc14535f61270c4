package org.ropelab.scaling;

import org.ropelab.rope.RopeScaling;

/**
 * YaRN (Peng et al. 2023, arXiv:2309.00071, "NTK-by-parts" interpolation plus an attention
 * temperature). With the original context {@code L₀} and the wavelength {@code λ_i = 2π/θ_i}, pair
 * {@code i} turns {@code r_i = L₀/λ_i} times inside the original context (the paper's ratio
 * {@code r(d) = L/λ_d}, Eq. 17). Pairs that turn more than {@code β_fast} (the paper's {@code β},
 * default 32) times keep their frequency, pairs that turn fewer than {@code β_slow} (the paper's
 * {@code α}, default 1) times are divided by the factor {@code s}, and a linear ramp blends between.
 * The paper writes {@code h(θ_i) = (1 − γ(r_i))·θ_i/s + γ(r_i)·θ_i} with
 * {@code γ(r) = clamp((r − α)/(β − α), 0, 1)} (Eq. 18, 20; γ weights the kept frequency); here
 * {@code γ_i} is the weight of {@code θ_i/s}, the paper's {@code 1 − γ}:
 * {@code θ'_i = (1 − γ_i)·θ_i + γ_i·θ_i/s}. The attention factor is the paper's {@code √(1/t)},
 * {@code 0.1·ln s + 1} (Eq. 22, recommended for LLaMA and Llama 2) for {@code s > 1}, else 1, and
 * multiplies both the cos and the sin table, which scales every score by {@code 1/t} (Eq. 21).
 *
 * <p>The ramp follows Hugging Face transformers ({@code _compute_yarn_parameters}, 4.51), which does
 * what the authors' released code does (github.com/jquesnelle/yarn,
 * {@code scaled_rope/LlamaYaRNScaledRotaryEmbedding.py}: {@code find_correction_range},
 * {@code linear_ramp_mask}) and differs from the paper's Eq. 18: instead of ramping linearly in the
 * turn count {@code r_i}, it finds the (fractional) pair index where the turn count equals {@code β},
 * the "correction dimension" {@code c(β) = r·ln(L₀/(2πβ)) / (2·ln base)}, rounds the bounds outward,
 * {@code low = max(⌊c(β_fast)⌋, 0)}, {@code high = min(⌈c(β_slow)⌉, r − 1)} (adding 0.001 to
 * {@code high} when they are equal), and ramps linearly in the index:
 * {@code γ_i = clamp((i − low)/(high − low), 0, 1)}.
 */
public final class Yarn implements RopeScaling {
    /** The paper's default {@code β_fast}: 32 turns. */
    public static final double DEFAULT_BETA_FAST = 32;
    /** The paper's default {@code β_slow}: 1 turn. */
    public static final double DEFAULT_BETA_SLOW = 1;

    private final double factor;
    private final long originalLength;
    private final double betaFast;
    private final double betaSlow;

    private Yarn(double factor, long originalLength, double betaFast, double betaSlow) {
        this.factor = ScalingParameters.atLeastOne("factor", factor);
        this.originalLength = ScalingParameters.length("originalLength", originalLength, 1);
        this.betaFast = ScalingParameters.positive("betaFast", betaFast);
        this.betaSlow = ScalingParameters.positive("betaSlow", betaSlow);
        if (!(betaFast > betaSlow)) {
            throw new IllegalArgumentException("betaFast must be greater than betaSlow, got betaFast = " + betaFast
                    + ", betaSlow = " + betaSlow);
        }
    }

    /** Returns YaRN with factor {@code s ≥ 1} over the original context {@code L₀ ≥ 1}, {@code β_fast = 32}, {@code β_slow = 1}. */
    public static Yarn of(double factor, long originalLength) {
        return new Yarn(factor, originalLength, DEFAULT_BETA_FAST, DEFAULT_BETA_SLOW);
    }

    /** Returns YaRN with the given ramp bounds in turns, {@code β_fast > β_slow > 0}. */
    public static Yarn of(double factor, long originalLength, double betaFast, double betaSlow) {
        return new Yarn(factor, originalLength, betaFast, betaSlow);
    }

    /** Returns the factor {@code s}. */
    public double factor() {
        return factor;
    }

    /** Returns the original context {@code L₀}. */
    public long originalLength() {
        return originalLength;
    }

    /** Returns {@code β_fast}. */
    public double betaFast() {
        return betaFast;
    }

    /** Returns {@code β_slow}. */
    public double betaSlow() {
        return betaSlow;
    }

    /** Returns the fractional pair index where a pair turns {@code turns} times in {@code L₀}: {@code r·ln(L₀/(2π·turns)) / (2·ln base)}. */
    public double correctionDimension(double turns, double base, int rotaryDim) {
        ScalingParameters.positive("turns", turns);
        ScalingParameters.base(base);
        ScalingParameters.rotaryDim(rotaryDim);
        return rotaryDim * Math.log(originalLength / (turns * 2 * Math.PI)) / (2 * Math.log(base));
    }

    /** Returns the ramp {@code γ_i ∈ [0, 1]} per pair: 0 keeps {@code θ_i}, 1 divides it by {@code s} (Hugging Face's bounds, see above). */
    public double[] ramp(double base, int rotaryDim) {
        double low = Math.max(Math.floor(correctionDimension(betaFast, base, rotaryDim)), 0);
        double high = Math.min(Math.ceil(correctionDimension(betaSlow, base, rotaryDim)), rotaryDim - 1);
        if (low == high) {
            high += 0.001;
        }
        double[] g = new double[rotaryDim / 2];
        for (int i = 0; i < g.length; i++) {
            g[i] = Math.min(1, Math.max(0, (i - low) / (high - low)));
        }
        return g;
    }

    /** Returns {@code θ'_i = (1 − γ_i)·θ_i + γ_i·θ_i/s} for every length. */
    @Override
    public double[] thetas(double base, int rotaryDim, long sequenceLength) {
        double[] t = ScalingParameters.unscaled(base, rotaryDim);
        double[] g = ramp(base, rotaryDim);
        for (int i = 0; i < t.length; i++) {
            t[i] = (1 - g[i]) * t[i] + g[i] * (t[i] / factor);
        }
        return t;
    }

    /** Returns {@code 0.1·ln s + 1} for {@code s > 1}, else 1, for every length. */
    @Override
    public double attentionFactor(long sequenceLength) {
        ScalingParameters.length("sequenceLength", sequenceLength, 1);
        return factor > 1 ? 0.1 * Math.log(factor) + 1 : 1;
    }

    @Override
    public String name() {
        return "yarn(s=" + ScalingParameters.format(factor) + ", L0=" + originalLength
                + (betaFast == DEFAULT_BETA_FAST && betaSlow == DEFAULT_BETA_SLOW ? ""
                        : ", betaFast=" + ScalingParameters.format(betaFast) + ", betaSlow=" + ScalingParameters.format(betaSlow))
                + ")";
    }

    @Override
    public String toString() {
        return name();
    }
}
