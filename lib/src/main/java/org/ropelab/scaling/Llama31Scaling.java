package org.ropelab.scaling;

import org.ropelab.rope.RopeScaling;

/**
 * Llama 3.1's frequency scaling (Meta's Llama 3.1 release, July 2024; Hugging Face's
 * {@code rope_type = "llama3"}, {@code _compute_llama3_parameters}). With the original context
 * {@code L₀} and the wavelength {@code λ_i = 2π/θ_i}: pairs with {@code λ_i < L₀/high_freq_factor}
 * (high frequencies) are kept; pairs with {@code λ_i > L₀/low_freq_factor} (low frequencies) are
 * divided by the factor {@code s}; in the band between, with
 * {@code σ_i = (L₀/λ_i − low_freq_factor)/(high_freq_factor − low_freq_factor)},
 * {@code θ'_i = (1 − σ_i)·θ_i/s + σ_i·θ_i}, which is continuous at both band edges. Independent of the
 * sequence length; no attention factor. Llama 3.1 uses {@code s = 8}, {@code low = 1}, {@code high = 4},
 * {@code L₀ = 8192}. Equal band factors (Llama 4 Scout) leave no band: pairs are kept up to
 * {@code λ_i ≤ L₀/low_freq_factor} and divided by {@code s} above it. Follows transformers 5.23.0
 * ({@code _compute_llama3_parameters}); with equal band factors a pair whose wavelength is exactly
 * {@code L₀/low_freq_factor} would divide 0 by 0 there and is kept here.
 */
public final class Llama31Scaling implements RopeScaling {
    private final double factor;
    private final double lowFreqFactor;
    private final double highFreqFactor;
    private final long originalLength;

    private Llama31Scaling(double factor, double lowFreqFactor, double highFreqFactor, long originalLength) {
        this.factor = ScalingParameters.atLeastOne("factor", factor);
        this.lowFreqFactor = ScalingParameters.positive("lowFreqFactor", lowFreqFactor);
        this.highFreqFactor = ScalingParameters.positive("highFreqFactor", highFreqFactor);
        if (!(lowFreqFactor <= highFreqFactor)) {
            throw new IllegalArgumentException("lowFreqFactor must be at most highFreqFactor, got lowFreqFactor = "
                    + lowFreqFactor + ", highFreqFactor = " + highFreqFactor);
        }
        this.originalLength = ScalingParameters.length("originalLength", originalLength, 1);
    }

    /**
     * Returns Llama 3.1 scaling with factor {@code s ≥ 1}, band factors {@code 0 < lowFreqFactor ≤
     * highFreqFactor} and original context {@code L₀ ≥ 1}.
     */
    public static Llama31Scaling of(double factor, double lowFreqFactor, double highFreqFactor, long originalLength) {
        return new Llama31Scaling(factor, lowFreqFactor, highFreqFactor, originalLength);
    }

    /** Returns the factor {@code s}. */
    public double factor() {
        return factor;
    }

    /** Returns {@code low_freq_factor}. */
    public double lowFreqFactor() {
        return lowFreqFactor;
    }

    /** Returns {@code high_freq_factor}. */
    public double highFreqFactor() {
        return highFreqFactor;
    }

    /** Returns the original context {@code L₀}. */
    public long originalLength() {
        return originalLength;
    }

    /** Returns the wavelength above which a pair is divided by {@code s}: {@code L₀/low_freq_factor}. */
    public double lowFreqWavelength() {
        return originalLength / lowFreqFactor;
    }

    /** Returns the wavelength below which a pair is kept: {@code L₀/high_freq_factor}. */
    public double highFreqWavelength() {
        return originalLength / highFreqFactor;
    }

    /** Returns the frequencies described above, for every length. */
    @Override
    public double[] thetas(double base, int rotaryDim, long sequenceLength) {
        double[] t = ScalingParameters.unscaled(base, rotaryDim);
        for (int i = 0; i < t.length; i++) {
            double wavelength = 2 * Math.PI / t[i];
            if (wavelength > lowFreqWavelength()) {
                t[i] /= factor;
            } else if (wavelength >= highFreqWavelength() && highFreqFactor > lowFreqFactor) {
                double sigma = (originalLength / wavelength - lowFreqFactor) / (highFreqFactor - lowFreqFactor);
                t[i] = (1 - sigma) * t[i] / factor + sigma * t[i];
            }
        }
        return t;
    }

    @Override
    public String name() {
        return "llama3(s=" + ScalingParameters.format(factor) + ", low=" + ScalingParameters.format(lowFreqFactor)
                + ", high=" + ScalingParameters.format(highFreqFactor) + ", L0=" + originalLength + ")";
    }

    @Override
    public String toString() {
        return name();
    }
}
