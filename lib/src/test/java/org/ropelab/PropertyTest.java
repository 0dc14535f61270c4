package org.ropelab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.ropelab.absolute.Sinusoidal;
import org.ropelab.attention.Attention;
import org.ropelab.geometry.Matrices;
import org.ropelab.geometry.Rotations;
import org.ropelab.relative.Alibi;
import org.ropelab.rope.Pairing;
import org.ropelab.rope.RopeScaling;
import org.ropelab.rope.RotaryEmbedding;
import org.ropelab.scaling.DynamicNtk;
import org.ropelab.scaling.Llama31Scaling;
import org.ropelab.scaling.LongRope;
import org.ropelab.scaling.NtkAware;
import org.ropelab.scaling.PositionInterpolation;
import org.ropelab.scaling.Yarn;

/**
 * Property-based tests (jqwik): each invariant over random dimensions, bases, positions and vectors,
 * with a fixed seed (so a rerun draws the same cases) and {@value #TRIES} random tries. Vectors are
 * drawn from a seeded {@link Random} so that one long seed stands for a whole vector.
 */
class PropertyTest {
    static final int TRIES = 500;
    static final String SEED = "20261201";

    private static double[] gaussian(int n, long seed) {
        return Matrices.gaussian(n, new Random(seed));
    }

    private static double maxAbsDifference(double[] a, double[] b) {
        assertEquals(a.length, b.length);
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    @Provide
    Arbitrary<Integer> evenDims() {
        return Arbitraries.integers().between(1, 32).map(h -> 2 * h);
    }

    @Provide
    Arbitrary<Double> bases() {
        return Arbitraries.doubles().between(1.5, 1e6);
    }

    @Property(tries = TRIES, seed = SEED, generation = GenerationMode.RANDOMIZED)
    void rotationsKeepNormsAndDotProducts(@ForAll @IntRange(min = 2, max = 12) int n, @ForAll long seed) {
        double[][] r = Rotations.random(n, new Random(seed));
        double[] x = gaussian(n, seed + 1);
        double[] y = gaussian(n, seed + 2);
        double[] rx = Matrices.apply(r, x);
        double[] ry = Matrices.apply(r, y);
        double scale = Matrices.norm(x) * Matrices.norm(y);
        assertEquals(Matrices.norm(x), Matrices.norm(rx), 1e-12 * Matrices.norm(x));
        assertEquals(Matrices.dot(x, y), Matrices.dot(rx, ry), 1e-12 * scale);
    }

    @Property(tries = TRIES, seed = SEED, generation = GenerationMode.RANDOMIZED)
    void ropeKeepsNorms(@ForAll("evenDims") int d, @ForAll("bases") double base,
                        @ForAll @DoubleRange(min = -1e4, max = 1e4) double m, @ForAll long seed) {
        double[] x = gaussian(d, seed);
        double[] turned = RotaryEmbedding.of(d, Pairing.INTERLEAVED).withBase(base).rotate(x, m);
        assertEquals(Matrices.norm(x), Matrices.norm(turned), 1e-12 * Matrices.norm(x));
    }

    @Property(tries = TRIES, seed = SEED, generation = GenerationMode.RANDOMIZED)
    void ropeScoresDependOnlyOnTheOffset(@ForAll("evenDims") int d, @ForAll("bases") double base,
                                         @ForAll @IntRange(min = 0, max = 4096) int m, @ForAll @IntRange(min = 0, max = 4096) int n,
                                         @ForAll @IntRange(min = -4096, max = 4096) int shift, @ForAll long seed) {
        RotaryEmbedding rope = RotaryEmbedding.of(d, seed % 2 == 0 ? Pairing.INTERLEAVED : Pairing.HALF_SPLIT).withBase(base);
        double[] q = gaussian(d, seed);
        double[] k = gaussian(d, seed + 1);
        double score = Matrices.dot(rope.rotate(q, m), rope.rotate(k, n));
        double shifted = Matrices.dot(rope.rotate(q, m + shift), rope.rotate(k, n + shift));
        // angles up to ~8000 rad carry rounding of ~8000·2⁻⁵³ per component
        assertEquals(score, shifted, 1e-10 * Matrices.norm(q) * Matrices.norm(k));
    }

    @Property(tries = TRIES, seed = SEED, generation = GenerationMode.RANDOMIZED)
    void thePairingsAgreeUnderTheWeightPermutation(@ForAll("evenDims") int d, @ForAll("bases") double base,
                                                   @ForAll @DoubleRange(min = -1e3, max = 1e3) double m, @ForAll long seed) {
        RotaryEmbedding interleaved = RotaryEmbedding.of(d, Pairing.INTERLEAVED).withBase(base);
        RotaryEmbedding halfSplit = interleaved.withPairing(Pairing.HALF_SPLIT);
        int[] p = interleaved.permutationTo(Pairing.HALF_SPLIT);
        double[] x = gaussian(d, seed);
        double[] permuted = new double[d];
        double[] turnedThenPermuted = new double[d];
        double[] turned = interleaved.rotate(x, m);
        for (int j = 0; j < d; j++) {
            permuted[j] = x[p[j]];
            turnedThenPermuted[j] = turned[p[j]];
        }
        assertTrue(maxAbsDifference(halfSplit.rotate(permuted, m), turnedThenPermuted) <= 1e-12 * Matrices.norm(x));
    }

    @Property(tries = TRIES, seed = SEED, generation = GenerationMode.RANDOMIZED)
    void sinusoidalShiftIsALinearMap(@ForAll("evenDims") int d, @ForAll("bases") double base,
                                     @ForAll @DoubleRange(min = -1e3, max = 1e3) double pos,
                                     @ForAll @DoubleRange(min = -1e3, max = 1e3) double k) {
        Sinusoidal pe = Sinusoidal.of(d, base);
        INDArray moved = pe.shift(k).mmul(Nd4j.createFromArray(pe.encode(pos)).reshape(d, 1));
        assertTrue(maxAbsDifference(pe.encode(pos + k), moved.reshape(d).toDoubleVector()) <= 1e-11);
    }

    @Provide
    Arbitrary<INDArray> scores() {
        return Combinators.combine(Arbitraries.integers().between(1, 4), Arbitraries.integers().between(1, 12),
                        Arbitraries.integers().between(1, 12), Arbitraries.longs(), Arbitraries.doubles().between(0.1, 30))
                .as((heads, sq, sk, seed, scale) -> {
                    Nd4j.getRandom().setSeed(seed);
                    return Nd4j.randn(DataType.DOUBLE, 1, heads, sq, sk).muli(scale);
                });
    }

    @Property(tries = TRIES, seed = SEED, generation = GenerationMode.RANDOMIZED)
    void softmaxRowsSumToOneAndIgnoreAConstantShift(@ForAll("scores") INDArray s,
                                                    @ForAll @DoubleRange(min = -1e3, max = 1e3) double c) {
        INDArray w = Attention.weights(s, null);
        INDArray sums = w.sum(3);
        for (int i = 0; i < sums.length(); i++) {
            assertEquals(1.0, sums.getDouble(i), 1e-12);
        }
        assertTrue(w.minNumber().doubleValue() >= 0);
        INDArray shifted = Attention.weights(s.add(c), null);
        // s + c rounds each score by up to |c|·2⁻⁵³ ≈ 1e-13, which moves a weight by at most that much
        assertTrue(Transforms.abs(w.sub(shifted)).maxNumber().doubleValue() <= 1e-11, "shift by " + c);
    }

    @Property(tries = TRIES, seed = SEED, generation = GenerationMode.RANDOMIZED)
    void alibiSlopesArePositiveAndBelowOne(@ForAll @IntRange(min = 1, max = 4096) int heads) {
        double[] m = Alibi.slopes(heads);
        assertEquals(heads, m.length);
        for (double slope : m) {
            assertTrue(slope > 0 && slope < 1, heads + " heads: slope " + slope);
        }
    }

    /** Every power of two from 1 to 2¹², exhaustively (13 cases). */
    @Property(seed = SEED, generation = GenerationMode.EXHAUSTIVE)
    void alibiSlopesForPowersOfTwoAreDecreasingAndGeometric(@ForAll @IntRange(min = 0, max = 12) int k) {
        int heads = 1 << k;
        double[] m = Alibi.slopes(heads);
        double ratio = Math.pow(2, -8.0 / heads);   // the ALiBi paper's start and ratio, 2^(−8/n)
        assertEquals(ratio, m[0], 1e-15);
        for (int h = 1; h < heads; h++) {
            assertTrue(m[h] < m[h - 1], "not decreasing at head " + h);
            assertEquals(ratio, m[h] / m[h - 1], 1e-14);
        }
    }

    /**
     * Every length-extrapolation schedule keeps each frequency positive and at most the unscaled
     * {@code θ_i = base^(−2i/r)}; PI, YaRN and Llama 3.1 divide none by more than the factor s.
     */
    @Property(tries = TRIES, seed = SEED, generation = GenerationMode.RANDOMIZED)
    void scaledFrequenciesStayPositiveAndAtMostTheUnscaledOnes(
            @ForAll @IntRange(min = 2, max = 128) int pairs, @ForAll @DoubleRange(min = 3, max = 7) double log10Base,
            @ForAll @DoubleRange(min = 1, max = 64) double s, @ForAll @IntRange(min = 64, max = 65600) int original,
            @ForAll @DoubleRange(min = 0, max = 32) double lengthRatio, @ForAll @DoubleRange(min = 0.5, max = 2.5) double low,
            @ForAll @DoubleRange(min = 0.1, max = 6.1) double gap, @ForAll @DoubleRange(min = 8, max = 48) double betaFast,
            @ForAll @DoubleRange(min = 0.5, max = 1.5) double betaSlow, @ForAll long seed) {
        int r = 2 * pairs;
        double base = Math.pow(10, log10Base);
        long length = 1 + (long) (lengthRatio * original);
        Random rng = new Random(seed);
        double[] shortFactors = new double[pairs];
        double[] longFactors = new double[pairs];
        for (int i = 0; i < pairs; i++) {
            shortFactors[i] = 1 + rng.nextDouble();
            longFactors[i] = 1 + 60 * rng.nextDouble();
        }
        List<RopeScaling> all = List.of(PositionInterpolation.of(s), NtkAware.of(s), DynamicNtk.of(s, original),
                Yarn.of(s, original), Yarn.of(s, original, betaFast, betaSlow), Llama31Scaling.of(s, low, low + gap, original),
                LongRope.of(shortFactors, longFactors, original, s));
        for (RopeScaling scaling : all) {
            double[] scaled = scaling.thetas(base, r, length);
            boolean dividesByAtMostS = !(scaling instanceof NtkAware || scaling instanceof DynamicNtk || scaling instanceof LongRope);
            for (int i = 0; i < pairs; i++) {
                double theta = 1 / Math.pow(base, 2.0 * i / r);
                String what = scaling + ", r = " + r + ", base = " + base + ", L = " + length + ", pair " + i + ": " + scaled[i];
                assertTrue(scaled[i] > 0, what);
                assertTrue(scaled[i] <= theta * (1 + 1e-14), what + " > " + theta);
                assertTrue(!dividesByAtMostS || scaled[i] >= theta / s / (1 + 1e-14), what + " < θ/s = " + theta / s);
            }
        }
    }
}
