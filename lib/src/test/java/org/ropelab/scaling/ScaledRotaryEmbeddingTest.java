package org.ropelab.scaling;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.ropelab.rope.Pairing;
import org.ropelab.rope.RopeAttention;
import org.ropelab.rope.RopeScaling;
import org.ropelab.rope.RotaryEmbedding;

/** The scaled embedding through every path of the plain one: element-wise, attention, both pairings, partial rotary. */
class ScaledRotaryEmbeddingTest {
    private static final int B = 2, H = 3, D = 16;

    private static INDArray random(Random rng, DataType type, long... shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        double[] v = new double[(int) n];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextGaussian();
        }
        return Nd4j.create(v, shape, DataType.DOUBLE).castTo(type);
    }

    private static double maxAbs(INDArray a, INDArray b) {
        return a.castTo(DataType.DOUBLE).sub(b.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
    }

    private static double[] range(int n) {
        double[] p = new double[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        return p;
    }

    @Test
    void positionInterpolationIsTheUnscaledRotationAtPositionsDividedByTheFactor() {
        Random rng = new Random(141);
        double[] positions = {0, 1, 2, 7, 100.5, 3000};
        for (Pairing pairing : Pairing.values()) {
            for (double fraction : new double[] {1, 0.5, 0.25}) {
                RotaryEmbedding rope = RotaryEmbedding.of(D, pairing).withRotaryFraction(fraction);
                INDArray x = random(rng, DataType.DOUBLE, B, H, positions.length, D);
                double[] divided = positions.clone();
                for (int s = 0; s < divided.length; s++) {
                    divided[s] /= 4;
                }
                double err = maxAbs(rope.withScaling(PositionInterpolation.of(4)).apply(x, positions), rope.apply(x, divided));
                assertTrue(err <= 1e-12, pairing + ", fraction " + fraction + ": " + err);
            }
        }
    }

    @Test
    void lengthIndependentSchedulesAgreeWithComplexMultiplicationTimesTheAttentionFactor() {
        Random rng = new Random(142);
        double[] positions = {0, 3, 17, 255.5, 1000, 4000};
        for (Pairing pairing : Pairing.values()) {
            for (double fraction : new double[] {1, 0.5}) {
                int r = (int) (fraction * D);
                double[] shortF = new double[r / 2], longF = new double[r / 2];
                for (int i = 0; i < r / 2; i++) {
                    shortF[i] = 1 + rng.nextDouble();
                    longF[i] = 2 + 10 * rng.nextDouble();
                }
                for (RopeScaling scaling : List.of(NtkAware.of(8), Yarn.of(16, 512), Llama31Scaling.of(8, 1, 4, 512),
                        LongRope.of(shortF, longF, 4096, 32))) {
                    RotaryEmbedding rope = RotaryEmbedding.of(D, pairing).withRotaryFraction(fraction).withScaling(scaling);
                    double a = scaling.attentionFactor(4001);
                    INDArray x = random(rng, DataType.DOUBLE, B, H, positions.length, D);
                    INDArray y = rope.apply(x, positions);
                    double err = 0;
                    for (int b = 0; b < B; b++) {
                        for (int h = 0; h < H; h++) {
                            for (int s = 0; s < positions.length; s++) {
                                double[] v = x.get(at(b, h, s)).toDoubleVector();
                                double[] expected = rope.rotateByComplex(v, positions[s]);
                                for (int j = 0; j < D; j++) {
                                    double e = j < r ? a * expected[j] : v[j];
                                    err = Math.max(err, Math.abs(y.getDouble(b, h, s, j) - e));
                                }
                            }
                        }
                    }
                    assertTrue(err <= 1e-12, scaling + ", " + pairing + ", fraction " + fraction + ": " + err);
                }
            }
        }
    }

    @Test
    void dynamicNtkThroughApplyIsUnscaledInsideTheContextAndARaisedBaseBeyond() {
        Random rng = new Random(143);
        for (Pairing pairing : Pairing.values()) {
            for (double fraction : new double[] {1, 0.5}) {
                int r = (int) (fraction * D);
                RotaryEmbedding plain = RotaryEmbedding.of(D, pairing).withRotaryFraction(fraction);
                RotaryEmbedding dynamic = plain.withScaling(DynamicNtk.of(2, 8));
                INDArray inside = random(rng, DataType.DOUBLE, B, H, 8, D);
                double errInside = maxAbs(dynamic.apply(inside, range(8)), plain.apply(inside, range(8)));
                // 32 positions: L = 32 = 4·L0, s(L) = 2·4 − 1 = 7, base' = 1e4·7^(r/(r−2))
                INDArray beyond = random(rng, DataType.DOUBLE, B, H, 32, D);
                RotaryEmbedding raised = plain.withBase(10000 * Math.pow(7, r / (r - 2.0)));
                double errBeyond = maxAbs(dynamic.apply(beyond, range(32)), raised.apply(beyond, range(32)));
                assertTrue(errInside <= 1e-12 && errBeyond <= 1e-12, pairing + ", fraction " + fraction + ": " + errInside + ", " + errBeyond);
            }
        }
    }

    @Test
    void longRopeSwitchesToItsLongFactorsOnceThePositionsPassTheOriginalContext() {
        Random rng = new Random(144);
        double[] shortF = {1, 1, 1, 1, 1, 1, 1, 1}, longF = {1, 2, 3, 4, 5, 6, 7, 8};
        RotaryEmbedding rope = RotaryEmbedding.of(D, Pairing.HALF_SPLIT).withScaling(LongRope.of(shortF, longF, 64, 4));
        RotaryEmbedding plain = RotaryEmbedding.of(D, Pairing.HALF_SPLIT);
        double a = Math.sqrt(1 + Math.log(4) / Math.log(64));
        INDArray x = random(rng, DataType.DOUBLE, B, H, 2, D);
        double errShort = maxAbs(rope.apply(x, new double[] {0, 63}), plain.apply(x, new double[] {0, 63}).mul(a));
        double[] beyond = {0, 64};
        INDArray y = rope.apply(x, beyond);
        double err = 0;
        for (int i = 0; i < 8; i++) {
            // pair i of the long list turns by 64·θ_i/λ_i at position 64
            double angle = 64 * Math.pow(10000, -2.0 * i / D) / longF[i];
            double x0 = x.getDouble(0, 0, 1, i), x1 = x.getDouble(0, 0, 1, i + 8);
            err = Math.max(err, Math.abs(y.getDouble(0, 0, 1, i) - a * (x0 * Math.cos(angle) - x1 * Math.sin(angle))));
            err = Math.max(err, Math.abs(y.getDouble(0, 0, 1, i + 8) - a * (x1 * Math.cos(angle) + x0 * Math.sin(angle))));
        }
        assertTrue(errShort <= 1e-12 && err <= 1e-12, errShort + ", " + err);
    }

    @Test
    void float32PathFollowsTheDoublePathWithScaling() {
        Random rng = new Random(145);
        RotaryEmbedding rope = RotaryEmbedding.of(D, Pairing.INTERLEAVED).withScaling(Yarn.of(8, 256));
        INDArray x = random(rng, DataType.DOUBLE, B, H, 5, D);
        double[] positions = {0, 10, 100, 1000, 2047};
        INDArray y32 = rope.apply(x.castTo(DataType.FLOAT), positions);
        assertTrue(y32.dataType() == DataType.FLOAT);
        double err = maxAbs(y32, rope.apply(x, positions));
        assertTrue(err <= 1e-5, "float32 vs float64: " + err);
    }

    @Test
    void ropeAttentionWithScalingMatchesPositionsDividedAndTheSquaredAttentionFactor() {
        Random rng = new Random(146);
        int dModel = 12, dv = 5, seq = 6;
        INDArray wq = random(rng, DataType.DOUBLE, dModel, H * D), wk = random(rng, DataType.DOUBLE, dModel, H * D);
        INDArray wv = random(rng, DataType.DOUBLE, dModel, H * dv);
        INDArray x = random(rng, DataType.DOUBLE, B, seq, dModel);
        double[] positions = {0, 5, 40, 41, 300, 2000};
        for (Pairing pairing : Pairing.values()) {
            for (double fraction : new double[] {1, 0.5}) {
                RotaryEmbedding plain = RotaryEmbedding.of(D, pairing).withRotaryFraction(fraction);
                double[] divided = positions.clone();
                for (int s = 0; s < seq; s++) {
                    divided[s] /= 8;
                }
                var pi = RopeAttention.of(plain.withScaling(PositionInterpolation.of(8)), wq, wk, wv, H).steps(x, positions, true);
                var reference = RopeAttention.of(plain, wq, wk, wv, H).steps(x, divided, true);
                double errPi = maxAbs(pi.scores(), reference.scores()) + maxAbs(pi.output(), reference.output());

                Yarn yarn = Yarn.of(16, 256);
                RopeScaling yarnFrequenciesOnly = new RopeScaling() {
                    @Override
                    public double[] thetas(double base, int rotaryDim, long sequenceLength) {
                        return yarn.thetas(base, rotaryDim, sequenceLength);
                    }

                    @Override
                    public String name() {
                        return "yarn frequencies, no attention factor";
                    }
                };
                double a = 0.1 * Math.log(16) + 1;
                var withFactor = RopeAttention.of(plain.withScaling(yarn), wq, wk, wv, H).steps(x, positions, false);
                var without = RopeAttention.of(plain.withScaling(yarnFrequenciesOnly), wq, wk, wv, H).steps(x, positions, false);
                // with partial rotary the unrotated components carry no factor, so only the full case scales by a²
                double errYarn = fraction == 1 ? maxAbs(withFactor.scores(), without.scores().mul(a * a)) : 0;
                assertTrue(errPi <= 1e-10 && errYarn <= 1e-10, pairing + ", fraction " + fraction + ": " + errPi + ", " + errYarn);
            }
        }
    }

    private static INDArrayIndex[] at(int b, int h, int s) {
        return new INDArrayIndex[] {NDArrayIndex.point(b), NDArrayIndex.point(h), NDArrayIndex.point(s), NDArrayIndex.all()};
    }
}
