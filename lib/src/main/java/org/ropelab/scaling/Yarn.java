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
 * {@code m(s) = 0.1·ln s + 1} (Eq. 22) for {@code s > 1}, else 1, and multiplies both the cos and the
 * sin table, which scales every score by {@code 1/t} (Eq. 21).
 *
 * <p>Follows Hugging Face transformers 5.23.0 ({@code _compute_yarn_parameters}), whose ramp does what
 * the authors' released code does (github.com/jquesnelle/yarn, {@code find_correction_range},
 * {@code linear_ramp_mask}) and differs from the paper's Eq. 18: it finds the (fractional) pair index
 * where the turn count equals {@code β}, the "correction dimension"
 * {@code c(β) = r·ln(L₀/(2πβ)) / (2·ln base)}, rounds the bounds outward when {@code truncate} is on
 * (the default; gpt-oss sets it off), {@code low = max(⌊c(β_fast)⌋, 0)},
 * {@code high = min(⌈c(β_slow)⌉, r − 1)} (without rounding when off), adds 0.001 to {@code high} when
 * the two are equal, and ramps linearly in the index: {@code γ_i = clamp((i − low)/(high − low), 0, 1)}.
 * The attention factor is an explicit {@code attention_factor} when given; else, when both
 * {@code mscale} and {@code mscale_all_dim} are given and non-zero (DeepSeek-V3, Kimi K2),
 * {@code m(s, mscale)/m(s, mscale_all_dim)} with {@code m(s, μ) = 0.1·μ·ln s + 1} ({@code s > 1}, else 1);
 * else {@code m(s)}.
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
    private final boolean truncate;
    private final double mscale;
    private final double mscaleAllDim;
    private final double attentionFactor;

    private Yarn(double factor, long originalLength, double betaFast, double betaSlow, boolean truncate, double mscale,
            double mscaleAllDim, double attentionFactor) {
        this.factor = ScalingParameters.atLeastOne("factor", factor);
        this.originalLength = ScalingParameters.length("originalLength", originalLength, 1);
        this.betaFast = ScalingParameters.positive("betaFast", betaFast);
        this.betaSlow = ScalingParameters.positive("betaSlow", betaSlow);
        if (!(betaFast >= betaSlow)) {
            throw new IllegalArgumentException("betaFast must be at least betaSlow, got betaFast = " + betaFast
                    + ", betaSlow = " + betaSlow);
        }
        this.truncate = truncate;
        this.mscale = nonNegative("mscale", mscale);
        this.mscaleAllDim = nonNegative("mscaleAllDim", mscaleAllDim);
        if (!Double.isNaN(attentionFactor)) {
            ScalingParameters.positive("attentionFactor", attentionFactor);
        }
        this.attentionFactor = attentionFactor;
    }

    /** Returns YaRN with factor {@code s ≥ 1} over the original context {@code L₀ ≥ 1}, {@code β_fast = 32}, {@code β_slow = 1}, truncated bounds. */
    public static Yarn of(double factor, long originalLength) {
        return new Yarn(factor, originalLength, DEFAULT_BETA_FAST, DEFAULT_BETA_SLOW, true, 0, 0, Double.NaN);
    }

    /** Returns YaRN with the given ramp bounds in turns, {@code β_fast ≥ β_slow > 0}. */
    public static Yarn of(double factor, long originalLength, double betaFast, double betaSlow) {
        return of(factor, originalLength).withBetas(betaFast, betaSlow);
    }

    /** Returns a copy with the ramp bounds {@code β_fast ≥ β_slow > 0} (equal bounds give a step of width 0.001). */
    public Yarn withBetas(double betaFast, double betaSlow) {
        return new Yarn(factor, originalLength, betaFast, betaSlow, truncate, mscale, mscaleAllDim, attentionFactor);
    }

    /** Returns a copy that rounds the ramp bounds outward ({@code true}, the default) or keeps them fractional. */
    public Yarn withTruncate(boolean truncate) {
        return new Yarn(factor, originalLength, betaFast, betaSlow, truncate, mscale, mscaleAllDim, attentionFactor);
    }

    /**
     * Returns a copy with DeepSeek's {@code mscale} and {@code mscale_all_dim} (each finite and
     * {@code ≥ 0}; 0 means not given): when both are non-zero the attention factor is
     * {@code m(s, mscale)/m(s, mscale_all_dim)}.
     */
    public Yarn withMscale(double mscale, double mscaleAllDim) {
        return new Yarn(factor, originalLength, betaFast, betaSlow, truncate, mscale, mscaleAllDim, attentionFactor);
    }

    /** Returns a copy whose attention factor is {@code a > 0} for every length, whatever the factor and mscale. */
    public Yarn withAttentionFactor(double attentionFactor) {
        return new Yarn(factor, originalLength, betaFast, betaSlow, truncate, mscale, mscaleAllDim,
                ScalingParameters.positive("attentionFactor", attentionFactor));
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

    /** Returns whether the ramp bounds are rounded outward. */
    public boolean truncate() {
        return truncate;
    }

    /** Returns {@code mscale} (0 when not given). */
    public double mscale() {
        return mscale;
    }

    /** Returns {@code mscale_all_dim} (0 when not given). */
    public double mscaleAllDim() {
        return mscaleAllDim;
    }

    /** Returns YaRN's magnitude {@code m(s, μ) = 0.1·μ·ln s + 1} for {@code s > 1}, else 1. */
    public static double magnitude(double factor, double mu) {
        ScalingParameters.positive("factor", factor);
        nonNegative("mu", mu);
        return factor <= 1 ? 1 : 0.1 * mu * Math.log(factor) + 1;
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
        double low = correctionDimension(betaFast, base, rotaryDim);
        double high = correctionDimension(betaSlow, base, rotaryDim);
        if (truncate) {
            low = Math.floor(low);
            high = Math.ceil(high);
        }
        low = Math.max(low, 0);
        high = Math.min(high, rotaryDim - 1);
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

    /** Returns the attention factor described above (explicit, mscale ratio, or {@code m(s)}), for every length. */
    @Override
    public double attentionFactor(long sequenceLength) {
        ScalingParameters.length("sequenceLength", sequenceLength, 1);
        if (!Double.isNaN(attentionFactor)) {
            return attentionFactor;
        }
        if (mscale != 0 && mscaleAllDim != 0) {
            return magnitude(factor, mscale) / magnitude(factor, mscaleAllDim);
        }
        return magnitude(factor, 1);
    }

    @Override
    public String name() {
        StringBuilder b = new StringBuilder("yarn(s=").append(ScalingParameters.format(factor)).append(", L0=").append(originalLength);
        if (betaFast != DEFAULT_BETA_FAST || betaSlow != DEFAULT_BETA_SLOW) {
            b.append(", betaFast=").append(ScalingParameters.format(betaFast)).append(", betaSlow=").append(ScalingParameters.format(betaSlow));
        }
        if (!truncate) {
            b.append(", truncate=false");
        }
        if (mscale != 0 || mscaleAllDim != 0) {
            b.append(", mscale=").append(ScalingParameters.format(mscale)).append(", mscaleAllDim=").append(ScalingParameters.format(mscaleAllDim));
        }
        if (!Double.isNaN(attentionFactor)) {
            b.append(", a=").append(ScalingParameters.format(attentionFactor));
        }
        return b.append(')').toString();
    }

    @Override
    public String toString() {
        return name();
    }

    private static double nonNegative(String name, double value) {
        if (!(value >= 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be finite and at least 0, got " + value);
        }
        return value;
    }
}
