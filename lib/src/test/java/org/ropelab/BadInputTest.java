package org.ropelab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.numbers.complex.Complex;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ropelab.absolute.LearnedPositions;
import org.ropelab.absolute.Sinusoidal;
import org.ropelab.attention.Attention;
import org.ropelab.attention.OffsetBias;
import org.ropelab.attention.TiledAttention;
import org.ropelab.attention.UninitializedTensors;
import org.ropelab.attention.ToyEmbedding;
import org.ropelab.claims.Claims;
import org.ropelab.claims.Tensors;
import org.ropelab.display.Figure;
import org.ropelab.display.Layout;
import org.ropelab.display.Trace;
import org.ropelab.geometry.ComplexPlane;
import org.ropelab.geometry.Errata;
import org.ropelab.geometry.Matrices;
import org.ropelab.geometry.Rotations;
import org.ropelab.models.HuggingFaceRope;
import org.ropelab.models.LayerRope;
import org.ropelab.precision.FrequencyPaths;
import org.ropelab.precision.NumberFormat;
import org.ropelab.relative.Alibi;
import org.ropelab.relative.RelativePositions;
import org.ropelab.rope.DecayBound;
import org.ropelab.rope.IRope;
import org.ropelab.rope.LatentAttentionHead;
import org.ropelab.rope.LinearAttention;
import org.ropelab.rope.MultiAxisRope;
import org.ropelab.rope.Pairing;
import org.ropelab.rope.QueryTemperature;
import org.ropelab.rope.RopeAttention;
import org.ropelab.rope.RopeScaling;
import org.ropelab.rope.RotaryEmbedding;
import org.ropelab.rope.RotaryTables;
import org.ropelab.rope.TiledRopeAttention;
import org.ropelab.scaling.CriticalDimension;
import org.ropelab.scaling.DynamicNtk;
import org.ropelab.scaling.Llama31Scaling;
import org.ropelab.scaling.LongRope;
import org.ropelab.scaling.NtkAware;
import org.ropelab.scaling.PositionInterpolation;
import org.ropelab.scaling.Proportional;
import org.ropelab.scaling.Yarn;
import org.ropelab.train.Encoding;
import org.ropelab.train.LearningRate;
import org.ropelab.train.NgramLanguage;
import org.ropelab.train.TinyDecoder;
import tech.tablesaw.api.Table;

/**
 * Every public entry point of the library, called with bad input: each row names the entry point
 * (its signature), the call, and a part of the message that must name the argument, its value and
 * the rule. The call must throw {@link IllegalArgumentException} or {@link IndexOutOfBoundsException}
 * — any other exception (an ND4J or Hipparchus internal one, a NullPointerException from a bad
 * value) fails the row.
 *
 * <p>{@link #everyPublicMethodHasARowOrAnExemption} walks every public method and constructor of
 * every public class of every org.ropelab package by reflection and fails for one that
 * has neither a row in {@link #ROWS} nor an entry in {@link #EXEMPT}; methods without parameters
 * (nothing to get wrong), {@code equals/hashCode/toString} and abstract methods are exempt by rule.
 * To add a class or method: add a row {@code row("package.Class.method(ParamType,...)", () -> call,
 * "expected message part")} — the failing test prints the exact signature to use — or, if no
 * argument value is wrong, an exemption with the reason. Null arguments are not rows: by Java's
 * convention they throw NullPointerException.
 */
class BadInputTest {
    /** One bad call: the entry point's signature, the call, the part of the message it must show. */
    record Row(String entryPoint, Runnable call, String message) {
    }

    private static Row row(String entryPoint, Runnable call, String message) {
        return new Row(entryPoint, call, message);
    }

    private static INDArray zeros(long... shape) {
        return Nd4j.zeros(DataType.DOUBLE, shape);
    }

    private static final RotaryEmbedding ROPE = RotaryEmbedding.of(4, Pairing.INTERLEAVED);
    private static final Claims CLAIMS = Claims.printingTo(new PrintStream(PrintStream.nullOutputStream()));
    private static final LearnedPositions LEARNED = LearnedPositions.random(4, 2, 1);
    private static final Sinusoidal PE = Sinusoidal.of(4);
    private static final ToyEmbedding TOY = ToyEmbedding.of(4, 1);
    private static final RelativePositions REL = RelativePositions.of(new double[] {0, 1, 2});
    private static final RopeAttention ROPE_ATTENTION = RopeAttention.of(ROPE, zeros(3, 4), zeros(3, 4), zeros(3, 4), 1);
    private static final Complex NAN = Complex.ofCartesian(Double.NaN, 0);
    private static final Random RNG = new Random(1);
    /** A sweep of one seed small enough to run in a bad-input row (one step, one held-out sequence). */
    private static org.ropelab.train.LengthGeneralization tinySweep() {
        return org.ropelab.train.LengthGeneralization.run(new org.ropelab.train.LengthGeneralization.Setup(
                org.ropelab.train.NgramLanguage.random(4, 3, 1, 1), new org.ropelab.train.TinyDecoder.Config(4, 8, 2, 4, 2, 1),
                1, 1, LearningRate.constant(0.1), 1, LearningRate.constant(0.1), 1, 1), 1);
    }

    private static final org.ropelab.train.TinyDecoder TINY = org.ropelab.train.TinyDecoder.init(
            new org.ropelab.train.TinyDecoder.Config(8, 16, 2, 32, 16, 8), org.ropelab.train.Encoding.ROPE, 1);
    private static final Trace TRACE = Trace.line(new double[] {0}, new double[] {1});

    static final List<Row> ROWS = List.of(
            row("relative.Alibi.slopes(int)", () -> Alibi.slopes(0), "heads must be at least 1, got 0"),
            row("relative.Alibi.bias(int,int)", () -> Alibi.bias(4, 0), "seq must be at least 1, got 0"),
            row("relative.Alibi.bias(int,int)", () -> Alibi.bias(-2, 3), "heads must be at least 1, got -2"),

            row("attention.Attention.scores(INDArray,INDArray)", () -> Attention.scores(zeros(2, 3, 4), zeros(1, 2, 3, 4)),
                    "q must be [batch, heads, seq, d] (rank 4), got [2, 3, 4]"),
            row("attention.Attention.scores(INDArray,INDArray)", () -> Attention.scores(zeros(1, 2, 3, 4), zeros(1, 2, 3, 6)),
                    "q and k must agree in batch, heads and d, got q [1, 2, 3, 4] and k [1, 2, 3, 6]"),
            row("attention.Attention.scores(INDArray,INDArray)", () -> Attention.scores(zeros(1, 2, 3, 4), Nd4j.scalar(1.0)),
                    "k must be [batch, heads, seq, d] (rank 4), got []"),
            row("attention.Attention.weights(INDArray,INDArray)",
                    () -> Attention.weights(Nd4j.valueArrayOf(new long[] {1, 1, 2, 2}, Double.NaN), null),
                    "scores must be finite (or −∞ where blocked), got NaN or +∞ in [1, 1, 2, 2]"),
            row("attention.Attention.weights(INDArray,INDArray)", () -> Attention.weights(zeros(1, 1, 2, 0), null),
                    "scores must have at least one key (seq_k ≥ 1): a softmax over no keys is 0/0, got [1, 1, 2, 0]"),
            row("attention.Attention.weights(INDArray,INDArray)", () -> Attention.weights(zeros(1, 1, 2, 2), zeros(3, 3)),
                    "mask must be broadcastable to the scores [1, 1, 2, 2], got [3, 3]"),
            row("attention.Attention.weights(INDArray,INDArray)",
                    () -> Attention.weights(zeros(1, 1, 2, 2), Nd4j.valueArrayOf(new long[] {2, 2}, Double.NEGATIVE_INFINITY)),
                    "row [batch 0, head 0, query 0] is fully blocked by the mask"),
            row("attention.Attention.output(INDArray,INDArray)", () -> Attention.output(zeros(1, 1, 2, 2), zeros(1, 1, 3, 4)),
                    "must agree in b, h and sk, got weights [1, 1, 2, 2] and v [1, 1, 3, 4]"),
            row("attention.Attention.attend(INDArray,INDArray,INDArray,INDArray,INDArray)",
                    () -> Attention.attend(zeros(1, 1, 2, 4), zeros(1, 1, 2, 4), zeros(1, 1, 2, 4), zeros(5), null),
                    "bias must be broadcastable to the scores [1, 1, 2, 2], got [5]"),
            row("attention.Attention.causalMask(int)", () -> Attention.causalMask(0), "seq must be at least 1, got 0"),
            row("attention.Attention.paddingMask(int[],int)", () -> Attention.paddingMask(new int[] {2, 5}, 3),
                    "lengths[1] must be between 1 and seq = 3, got 5"),
            row("attention.Attention.paddingMask(int[],int)", () -> Attention.paddingMask(new int[0], 3),
                    "lengths must name one length per batch row, got an empty array"),
            row("attention.Attention.project(INDArray,INDArray,int)", () -> Attention.project(zeros(1, 2, 3), zeros(3, 6), 4),
                    "w's 6 columns must split evenly into heads = 4"),
            row("attention.Attention.project(INDArray,INDArray,int)", () -> Attention.project(zeros(1, 2, 3), zeros(5, 6), 2),
                    "w must be [dModel, heads·d] with dModel = 3, got [5, 6]"),
            row("attention.Attention.project(INDArray,INDArray,int)", () -> Attention.project(zeros(1, 2, 3), zeros(3, 6), 0),
                    "heads must be at least 1, got 0"),

            row("claims.Claims.holds(String,String,double,double)", () -> CLAIMS.holds("C000-03", "t", 0.1, 0),
                    "tolerance must be positive and finite, got 0.0"),
            row("claims.Claims.holds(String,String,double,double)", () -> CLAIMS.holds("C000-03", "t", -0.1, 1e-12),
                    "error must be a distance, at least 0 (pass |a − b|, not a − b), got -0.1"),
            row("claims.Claims.holds(String,String,double,double)", () -> CLAIMS.holds("C2-8", "t", 0, 1e-12),
                    "claim id must look like C002-08 (see CLAIMS.md), got 'C2-8'"),
            row("claims.Claims.holds(String,String,boolean,String)", () -> CLAIMS.holds("C000-03", "t", true, " "),
                    "the measurement of C000-03 must say what was measured, got ' '"),
            row("claims.Claims.holdsWithCaveat(String,String,double,double,String)",
                    () -> CLAIMS.holdsWithCaveat("C000-03", "t", 0, Double.NaN, "c"), "tolerance must be positive and finite, got NaN"),
            row("claims.Claims.holdsWithCaveat(String,String,double,double,String)",
                    () -> CLAIMS.holdsWithCaveat("C000-03", "t", 0, 1e-12, ""), "caveat must say what limits the claim, got ''"),
            row("claims.Claims.holdsWithCaveat(String,String,boolean,String)", () -> CLAIMS.holdsWithCaveat("C000-03", " ", true, "m"),
                    "claim text must not be blank for C000-03"),
            row("claims.Claims.erratum(String,String,double,double,double)", () -> CLAIMS.erratum("C002-08", "t", 1, 0, -1),
                    "tolerance must be positive and finite, got -1.0"),
            row("claims.Claims.cited(String,String,String)", () -> CLAIMS.cited("C000-03", "t", ""),
                    "source must name where the claim comes from, got ''"),

            row("geometry.ComplexPlane.complex(double,double)", () -> ComplexPlane.complex(1, Double.NaN), "y must be finite, got NaN"),
            row("geometry.ComplexPlane.complex(double[])", () -> ComplexPlane.complex(new double[] {1, 2, 3}),
                    "a vector of the plane has 2 components, got 3"),
            row("geometry.ComplexPlane.complex(double[])", () -> ComplexPlane.complex(new double[] {Double.POSITIVE_INFINITY, 0}),
                    "x must be finite, got Infinity"),
            row("geometry.ComplexPlane.vector(Complex)", () -> ComplexPlane.vector(NAN), "z must be finite, got (NaN,0.0)"),
            row("geometry.ComplexPlane.multiplicationMatrix(Complex)", () -> ComplexPlane.multiplicationMatrix(NAN), "w must be finite, got (NaN,0.0)"),
            row("geometry.ComplexPlane.innerProduct(Complex,Complex)", () -> ComplexPlane.innerProduct(Complex.ONE, NAN),
                    "w must be finite, got (NaN,0.0)"),
            row("geometry.ComplexPlane.expBySeries(Complex,int)", () -> ComplexPlane.expBySeries(Complex.ONE, 0), "terms must be at least 1, got 0"),
            row("geometry.ComplexPlane.expBySeries(Complex,int)", () -> ComplexPlane.expBySeries(NAN, 5), "z must be finite, got (NaN,0.0)"),
            row("geometry.Errata.doc002Product(Complex,Complex)", () -> Errata.doc002Product(NAN, Complex.ONE), "z must be finite, got (NaN,0.0)"),

            row("absolute.LearnedPositions.random(int,int,long)", () -> LearnedPositions.random(0, 4, 1), "length must be at least 1, got 0"),
            row("absolute.LearnedPositions.random(int,int,long)", () -> LearnedPositions.random(4, -1, 1), "dim must be at least 1, got -1"),
            row("absolute.LearnedPositions.lookup(int)", () -> LEARNED.lookup(4),
                    "position 4 is outside the learned table of 4 positions (0..3)"),
            row("absolute.LearnedPositions.lookup(int)", () -> LEARNED.lookup(-1),
                    "position -1 is outside the learned table of 4 positions (0..3)"),
            row("absolute.LearnedPositions.grow(int,long)", () -> LEARNED.grow(4, 1), "newLength must exceed the current length 4, got 4"),

            row("geometry.Matrices.identity(int)", () -> Matrices.identity(0), "n must be at least 1, got 0"),
            row("geometry.Matrices.gaussian(int,int,Random)", () -> Matrices.gaussian(0, 3, RNG), "rows and cols must be at least 1, got 0×3"),
            row("geometry.Matrices.gaussian(int,Random)", () -> Matrices.gaussian(0, RNG), "n must be at least 1, got 0"),
            row("geometry.Matrices.multiply(double[][],double[][])", () -> Matrices.multiply(new double[2][3], new double[2][3]),
                    "a's columns must equal b's rows, got a 2×3 and b 2×3"),
            row("geometry.Matrices.multiply(double[][],double[][])", () -> Matrices.multiply(new double[][] {{1, 2}, {3}}, new double[2][2]),
                    "a must be rectangular: every row of length 2"),
            row("geometry.Matrices.apply(double[][],double[])", () -> Matrices.apply(new double[2][3], new double[2]),
                    "x must have m's 3 columns as its length, got 2"),
            row("geometry.Matrices.transpose(double[][])", () -> Matrices.transpose(new double[0][0]),
                    "a must have at least one row and one column, got 0×0"),
            row("geometry.Matrices.inverse(double[][])", () -> Matrices.inverse(new double[][] {{1, 2}, {2, 4}}),
                    "a must be invertible, got a singular 2×2 matrix"),
            row("geometry.Matrices.determinant(double[][])", () -> Matrices.determinant(new double[2][3]), "a must be square, got 2×3"),
            row("geometry.Matrices.skewPart(double[][])", () -> Matrices.skewPart(new double[3][1]), "a must be square, got 3×1"),
            row("geometry.Matrices.maxAbsDifference(double[][],double[][])", () -> Matrices.maxAbsDifference(new double[2][2], new double[2][3]),
                    "a and b must have the same shape, got 2×2 and 2×3"),
            row("geometry.Matrices.dot(double[],double[])", () -> Matrices.dot(new double[2], new double[3]),
                    "x and y must have the same length, got 2 and 3"),
            row("geometry.Matrices.norm(double[])", () -> Matrices.norm(new double[0]), "x must have at least one component, got none"),

            row("rope.Pairing.members(int,int)", () -> Pairing.HALF_SPLIT.members(2, 4), "pair index i must be in [0, 2), got 2"),
            row("rope.Pairing.members(int,int)", () -> Pairing.INTERLEAVED.members(0, 5), "rotaryDim must be even and at least 2, got 5"),
            row("rope.Pairing.permutationTo(Pairing,int,int)", () -> Pairing.INTERLEAVED.permutationTo(Pairing.HALF_SPLIT, 8, 6),
                    "d must be at least rotaryDim = 8, got 6"),
            row("rope.Pairing.valueOf(String)", () -> Pairing.valueOf("DIAGONAL"), "No enum constant org.ropelab.rope.Pairing.DIAGONAL"),

            row("relative.RelativePositions.distances(int[],int[])", () -> RelativePositions.distances(new int[] {0}, new int[0]),
                    "positionsK must hold at least one position, got an empty array"),
            row("relative.RelativePositions.range(int)", () -> RelativePositions.range(0), "seq must be at least 1, got 0"),
            row("relative.RelativePositions.random(int,double,long)", () -> RelativePositions.random(-1, 1, 1),
                    "maxDistance must be at least 0, got -1"),
            row("relative.RelativePositions.random(int,double,long)", () -> RelativePositions.random(3, Double.POSITIVE_INFINITY, 1),
                    "std must be positive and finite, got Infinity"),
            row("relative.RelativePositions.of(double[])", () -> RelativePositions.of(new double[4]),
                    "table must hold 2·maxDistance + 1 entries (an odd count), got 4 entries"),
            row("relative.RelativePositions.of(double[])", () -> RelativePositions.of(new double[] {0, Double.NaN, 0}),
                    "table[1] must be finite, got NaN"),
            row("relative.RelativePositions.bias(int[],int[])", () -> REL.bias(new int[0], new int[] {1}),
                    "positionsQ must hold at least one position, got an empty array"),

            row("rope.RopeAttention.of(RotaryEmbedding,INDArray,INDArray,INDArray,int)",
                    () -> RopeAttention.of(ROPE, zeros(3, 4), zeros(3, 4), zeros(3, 4), 0), "heads must be at least 1, got 0"),
            row("rope.RopeAttention.of(RotaryEmbedding,INDArray,INDArray,INDArray,int)",
                    () -> RopeAttention.of(ROPE, zeros(3, 6), zeros(3, 4), zeros(3, 4), 1),
                    "wq must be [dModel, heads·d] = [dModel, 4], got [3, 6]"),
            row("rope.RopeAttention.of(RotaryEmbedding,INDArray,INDArray,INDArray,int)",
                    () -> RopeAttention.of(ROPE, zeros(3, 4), zeros(2, 4), zeros(3, 4), 1),
                    "wq and wk must have the same dModel rows, got [3, 4] and [2, 4]"),
            row("rope.RopeAttention.steps(INDArray,double[],boolean)", () -> ROPE_ATTENTION.steps(zeros(1, 2, 5), new double[2], true),
                    "x must be [batch, seq, dModel] with dModel = 3, got [1, 2, 5]"),
            row("rope.RopeAttention.steps(INDArray,double[],boolean)", () -> ROPE_ATTENTION.steps(zeros(1, 2, 3), new double[3], true),
                    "positions must have one entry per sequence index, seq = 2, got 3"),
            row("rope.RopeAttention.apply(INDArray,double[],boolean)",
                    () -> ROPE_ATTENTION.apply(zeros(1, 2, 3), new double[] {0, Double.NaN}, false), "positions[1] must be finite, got NaN"),

            row("rope.RopeScaling.attentionFactor(long)", () -> RopeScaling.none().attentionFactor(0), "sequenceLength must be at least 1, got 0"),
            row("rope.RopeScaling.Unscaled.thetas(double,int,long)", () -> RopeScaling.none().thetas(10000, 7, 1),
                    "rotaryDim must be even and at least 2, got 7"),
            row("rope.RopeScaling.Unscaled.thetas(double,int,long)", () -> RopeScaling.none().thetas(0.5, 8, 1),
                    "base must be finite and greater than 1, got 0.5"),
            row("rope.RopeScaling.Unscaled.thetas(double,int,long)", () -> RopeScaling.none().thetas(10000, 8, 0),
                    "sequenceLength must be at least 1, got 0"),

            row("rope.RotaryEmbedding.of(int,Pairing)", () -> RotaryEmbedding.of(7, Pairing.INTERLEAVED), "dim must be even and at least 2, got 7"),
            row("rope.RotaryEmbedding.of(int,Pairing)", () -> RotaryEmbedding.of(0, Pairing.INTERLEAVED), "dim must be even and at least 2, got 0"),
            row("rope.RotaryEmbedding.of(int,Pairing)", () -> RotaryEmbedding.of(4, null), "pairing must be INTERLEAVED or HALF_SPLIT, got null"),
            row("rope.RotaryEmbedding.withBase(double)", () -> ROPE.withBase(1), "base must be finite and greater than 1, got 1.0"),
            row("rope.RotaryEmbedding.withBase(double)", () -> ROPE.withBase(Double.NaN), "base must be finite and greater than 1, got NaN"),
            row("rope.RotaryEmbedding.withBase(double)", () -> ROPE.withBase(Double.POSITIVE_INFINITY),
                    "base must be finite and greater than 1, got Infinity"),
            row("rope.RotaryEmbedding.withPairing(Pairing)", () -> ROPE.withPairing(null), "pairing must be INTERLEAVED or HALF_SPLIT, got null"),
            row("rope.RotaryEmbedding.withRotaryFraction(double)", () -> ROPE.withRotaryFraction(1.5), "rotaryFraction must be in (0, 1], got 1.5"),
            row("rope.RotaryEmbedding.withRotaryFraction(double)", () -> ROPE.withRotaryFraction(0), "rotaryFraction must be in (0, 1], got 0.0"),
            row("rope.RotaryEmbedding.withRotaryFraction(double)", () -> ROPE.withRotaryFraction(0.3),
                    "rotaryFraction·dim must be an even whole number of at least 2, got 0.3·4 = 1.2"),
            row("rope.RotaryEmbedding.withScaling(RopeScaling)", () -> ROPE.withScaling(null),
                    "scaling must be a RopeScaling (RopeScaling.none() for none), got null"),
            row("rope.RotaryEmbedding.theta(int)", () -> ROPE.theta(2), "pair index i must be in [0, 2), got 2"),
            row("rope.RotaryEmbedding.thetas(long)", () -> ROPE.thetas(0), "sequenceLength must be at least 1, got 0"),
            row("rope.RotaryEmbedding.attentionFactor(long)", () -> ROPE.attentionFactor(-3), "sequenceLength must be at least 1, got -3"),
            row("rope.RotaryEmbedding.sequenceLength(double[])", () -> RotaryEmbedding.sequenceLength(new double[0]),
                    "positions must hold at least one position, got none"),
            row("rope.RotaryEmbedding.sequenceLength(double[])", () -> RotaryEmbedding.sequenceLength(new double[] {1, Double.NaN}),
                    "positions[1] must be finite, got NaN"),
            row("rope.RotaryEmbedding.angles(double)", () -> ROPE.angles(Double.NaN), "position must be finite, got NaN"),
            row("rope.RotaryEmbedding.rotateByComplex(double[],double)", () -> ROPE.rotateByComplex(new double[3], 1),
                    "x must have d = 4 components, got 3"),
            row("rope.RotaryEmbedding.rotateByComplex(double[],double)", () -> ROPE.rotateByComplex(new double[] {0, 0, Double.NaN, 0}, 1),
                    "x[2] must be finite, got NaN"),
            row("rope.RotaryEmbedding.matrix(double)", () -> ROPE.matrix(Double.NEGATIVE_INFINITY), "position must be finite, got -Infinity"),
            row("rope.RotaryEmbedding.rotateByMatrix(double[],double)", () -> ROPE.rotateByMatrix(new double[6], 1),
                    "x must have d = 4 components, got 6"),
            row("rope.RotaryEmbedding.rotate(double[],double)", () -> ROPE.rotate(new double[] {Double.POSITIVE_INFINITY, 0, 0, 0}, 1),
                    "x[0] must be finite, got Infinity"),
            row("rope.RotaryEmbedding.cos(double[],DataType)", () -> ROPE.cos(new double[] {0, 1}, DataType.INT),
                    "type must be FLOAT or DOUBLE, got INT"),
            row("rope.RotaryEmbedding.sin(double[],DataType)", () -> ROPE.sin(new double[0], DataType.DOUBLE),
                    "positions must hold at least one position, got none"),
            row("rope.RotaryEmbedding.rot(INDArray)", () -> ROPE.rot(zeros(2, 6)), "x must have d = 4 as its last axis, got [2, 6]"),
            row("rope.RotaryEmbedding.rot(INDArray)", () -> ROPE.rot(Nd4j.scalar(1.0)), "x must have d = 4 as its last axis, got []"),
            row("rope.RotaryEmbedding.apply(INDArray,double[])", () -> ROPE.apply(zeros(1, 2, 4), new double[2]),
                    "x must be [batch, heads, seq, d] with d = 4, got [1, 2, 4]"),
            row("rope.RotaryEmbedding.apply(INDArray,double[])", () -> ROPE.apply(Nd4j.zeros(DataType.INT, 1, 1, 2, 4), new double[2]),
                    "x must hold FLOAT or DOUBLE, got INT"),
            row("rope.RotaryEmbedding.apply(INDArray,double[])", () -> ROPE.apply(zeros(1, 1, 2, 4), new double[3]),
                    "positions must have one entry per sequence index, seq = 2, got 3"),
            row("rope.RotaryEmbedding.applyDense(INDArray,double[])", () -> ROPE.applyDense(zeros(1, 1, 2, 6), new double[2]),
                    "x must be [batch, heads, seq, d] with d = 4, got [1, 1, 2, 6]"),
            row("rope.RotaryEmbedding.convertWeights(INDArray,int,Pairing)", () -> ROPE.convertWeights(zeros(3, 8), 0, Pairing.HALF_SPLIT),
                    "heads must be at least 1, got 0"),
            row("rope.RotaryEmbedding.convertWeights(INDArray,int,Pairing)", () -> ROPE.convertWeights(zeros(3, 6), 2, Pairing.HALF_SPLIT),
                    "w must be [dModel, heads·d] = [dModel, 8], got [3, 6]"),

            row("geometry.Rotations.r(double)", () -> Rotations.r(Double.NaN), "theta must be finite, got NaN"),
            row("geometry.Rotations.blockDiagonal(double[])", () -> Rotations.blockDiagonal(), "angles must hold at least one angle, got none"),
            row("geometry.Rotations.blockDiagonal(double[])", () -> Rotations.blockDiagonal(0, Double.POSITIVE_INFINITY),
                    "angles[1] must be finite, got Infinity"),
            row("geometry.Rotations.random(int,Random)", () -> Rotations.random(1, RNG), "n must be at least 2 for a rotation to turn anything, got 1"),
            row("geometry.Rotations.reflection(double[])", () -> Rotations.reflection(new double[3]),
                    "normal must be a finite non-zero vector, got length 0.0"),
            row("geometry.Rotations.orthogonalityError(double[][])", () -> Rotations.orthogonalityError(new double[2][3]), "m must be square, got 2×3"),
            row("geometry.Rotations.isRotation(double[][],double)", () -> Rotations.isRotation(Matrices.identity(2), 0),
                    "tolerance must be positive, got 0.0"),
            row("geometry.Rotations.exp(double[][])", () -> Rotations.exp(new double[][] {{0, 1}, {1, 0}}),
                    "a must be skew-symmetric (Aᵀ = −A), got max|A + Aᵀ| = 2.0"),
            row("geometry.Rotations.log(double[][])", () -> Rotations.log(new double[][] {{1, 0}, {0, -1}}),
                    "m must be a rotation (MᵀM = I, det M = +1), got max|MᵀM − I| = 0.0 and det M = -1.0"),
            row("geometry.Rotations.log(double[][])", () -> Rotations.log(new double[][] {{-1, 0}, {0, -1}}),
                    "m turns a plane by a half turn (eigenvalue -1.0)"),
            row("geometry.Rotations.skewSymmetryError(double[][])", () -> Rotations.skewSymmetryError(new double[1][2]), "a must be square, got 1×2"),

            row("absolute.Sinusoidal.of(int)", () -> Sinusoidal.of(3), "d must be even and at least 2, got 3"),
            row("absolute.PreciseSinusoidal.of(int)", () -> org.ropelab.absolute.PreciseSinusoidal.of(12),
                    "d must be a power of two, at least 8, got 12"),
            row("absolute.PreciseSinusoidal.encode(double)", () -> org.ropelab.absolute.PreciseSinusoidal.of(8).encode(Double.NaN),
                    "T must be finite, got NaN"),
            row("absolute.RandomQueryDecay.curve(Sinusoidal,double[],double[],int)",
                    () -> org.ropelab.absolute.RandomQueryDecay.curve(PE, new double[3], new double[4], 5), "q must have d = 4 components, got 3"),
            row("absolute.RandomQueryDecay.curve(Sinusoidal,double[],double[],int)",
                    () -> org.ropelab.absolute.RandomQueryDecay.curve(PE, new double[4], new double[4], 0), "far must be at least 1, got 0"),
            row("absolute.RandomQueryDecay.seededCurve(Sinusoidal,long,double,int)",
                    () -> org.ropelab.absolute.RandomQueryDecay.seededCurve(PE, 1, -1, 5), "scale must be finite and at least 0, got -1.0"),
            row("absolute.RandomQueryDecay.drop(double[])", () -> org.ropelab.absolute.RandomQueryDecay.drop(new double[100]),
                    "curve must cover n = 0 .. far with far ≥ 100, got 100 values"),
            row("absolute.RandomQueryDecay.correlation(double[],double[])",
                    () -> org.ropelab.absolute.RandomQueryDecay.correlation(new double[3], new double[2]), "a and b must have one equal length ≥ 2, got 3 and 2"),
            row("absolute.RandomQueryDecay.seeds(Sinusoidal,long,int,double,int)",
                    () -> org.ropelab.absolute.RandomQueryDecay.seeds(PE, 0, 0, 1, 200), "count must be at least 1, got 0"),
            row("absolute.Sinusoidal.of(int,double)", () -> Sinusoidal.of(4, 0.5), "base must be a finite number greater than 1, got 0.5"),
            row("absolute.Sinusoidal.encode(double)", () -> PE.encode(Double.NaN), "pos must be a finite position, got NaN"),
            row("absolute.Sinusoidal.table(int)", () -> PE.table(0), "n must be at least 1, got 0"),
            row("absolute.Sinusoidal.table(double[])", () -> PE.table(new double[0]), "positions must hold at least one position, got none"),
            row("absolute.Sinusoidal.table(double[])", () -> PE.table(new double[] {0, Double.POSITIVE_INFINITY}),
                    "pos must be a finite position, got Infinity"),
            row("absolute.Sinusoidal.dot(double,double)", () -> PE.dot(0, Double.NEGATIVE_INFINITY), "n must be a finite position, got -Infinity"),
            row("absolute.Sinusoidal.shift(double)", () -> PE.shift(Double.NaN), "k must be a finite position, got NaN"),

            row("attention.ToyEmbedding.of(int,long)", () -> ToyEmbedding.of(0, 1), "dim must be at least 1, got 0"),
            row("attention.ToyEmbedding.tokenize(String)", () -> ToyEmbedding.tokenize("我x"), "character 1 of '我x' ('x') is not in the vocabulary"),
            row("attention.ToyEmbedding.ids(List)", () -> TOY.ids(List.of("我", "cat")), "token 1 ('cat') is not in the vocabulary"),
            row("attention.ToyEmbedding.embed(List)", () -> TOY.embed(List.of()), "tokens must hold at least one token, got none"),
            row("attention.ToyEmbedding.embed(String)", () -> TOY.embed(""), "tokens must hold at least one token, got none"),
            row("attention.ToyEmbedding.embedPadded(int,String[])", () -> TOY.embedPadded(1, "我喜欢"), "sentence 0 has 3 tokens, more than seq = 1"),
            row("attention.ToyEmbedding.embedPadded(int,String[])", () -> TOY.embedPadded(0, "我"),
                    "embedPadded needs seq ≥ 1 and at least one sentence, got seq = 0 and 1 sentences"),

            row("display.Figure.of(Layout,Trace[])", () -> Figure.of(Layout.of("t", "x", "y")), "a figure needs at least one trace, got 0"),
            row("display.Figure.withFrame(String,Trace[])", () -> Figure.of(Layout.of("t", "x", "y"), TRACE).withFrame("p = 1"),
                    "frame 'p = 1' needs at least one trace, got 0"),
            row("display.Layout.with(String,Object)", () -> Layout.of("t", "x", "y").with(" ", 1), "attribute path must not be blank, got ' '"),
            row("display.Trace.of(String)", () -> Trace.of(""), "type must name a Plotly trace type such as scatter, got ''"),
            row("display.Trace.line(double[],double[])", () -> Trace.line(new double[2], new double[3]),
                    "x and y must have the same length, got 2 and 3"),
            row("display.Trace.points(double[],double[])", () -> Trace.points(new double[1], new double[0]),
                    "x and y must have the same length, got 1 and 0"),
            // scaling schedules, their helpers and Hugging Face configs
            row("scaling.PositionInterpolation.of(double)", () -> PositionInterpolation.of(0), "factor must be finite and positive, got 0.0"),
            row("scaling.PositionInterpolation.thetas(double,int,long)", () -> PositionInterpolation.of(2).thetas(1e4, 7, 1),
                    "rotaryDim must be even and at least 2, got 7"),
            row("scaling.NtkAware.of(double)", () -> NtkAware.of(Double.NaN), "factor must be finite and positive, got NaN"),
            row("scaling.NtkAware.scaledBase(double,int)", () -> NtkAware.of(2).scaledBase(1e4, 2), "needs rotaryDim ≥ 4"),
            row("scaling.NtkAware.thetas(double,int,long)", () -> NtkAware.of(2).thetas(1e4, 7, 1), "rotaryDim must be even and at least 2, got 7"),
            row("scaling.DynamicNtk.of(double,long)", () -> DynamicNtk.of(0.5, 100), "factor must be finite and at least 1, got 0.5"),
            row("scaling.DynamicNtk.effectiveFactor(long)", () -> DynamicNtk.of(2, 100).effectiveFactor(0), "sequenceLength must be at least 1, got 0"),
            row("scaling.DynamicNtk.thetas(double,int,long)", () -> DynamicNtk.of(2, 100).thetas(1e4, 7, 10), "rotaryDim must be even and at least 2, got 7"),
            row("scaling.Yarn.of(double,long)", () -> Yarn.of(0.5, 100), "factor must be finite and at least 1, got 0.5"),
            row("scaling.Yarn.of(double,long,double,double)", () -> Yarn.of(2, 100, 1, 32), "betaFast must be at least betaSlow, got betaFast = 1.0"),
            row("scaling.Yarn.withBetas(double,double)", () -> Yarn.of(2, 100).withBetas(0, 1), "betaFast must be finite and positive, got 0.0"),
            row("scaling.Yarn.withTruncate(boolean)", () -> Yarn.of(2, 100).withTruncate(false).withBetas(1, 2),
                    "betaFast must be at least betaSlow, got betaFast = 1.0"),
            row("scaling.Yarn.withMscale(double,double)", () -> Yarn.of(2, 100).withMscale(-1, 1), "mscale must be finite and at least 0, got -1.0"),
            row("scaling.Yarn.withAttentionFactor(double)", () -> Yarn.of(2, 100).withAttentionFactor(Double.NaN),
                    "attentionFactor must be finite and positive, got NaN"),
            row("scaling.Yarn.magnitude(double,double)", () -> Yarn.magnitude(40, Double.POSITIVE_INFINITY), "mu must be finite and at least 0, got Infinity"),
            row("scaling.Yarn.attentionFactor(long)", () -> Yarn.of(2, 100).attentionFactor(0), "sequenceLength must be at least 1, got 0"),
            row("scaling.Yarn.correctionDimension(double,double,int)", () -> Yarn.of(2, 100).correctionDimension(0, 1e4, 8),
                    "turns must be finite and positive, got 0.0"),
            row("scaling.Yarn.ramp(double,int)", () -> Yarn.of(2, 100).ramp(1e4, 7), "rotaryDim must be even and at least 2, got 7"),
            row("scaling.Yarn.thetas(double,int,long)", () -> Yarn.of(2, 100).thetas(1e4, 7, 1), "rotaryDim must be even and at least 2, got 7"),
            row("scaling.Llama31Scaling.of(double,double,double,long)", () -> Llama31Scaling.of(8, 4, 1, 8192),
                    "lowFreqFactor must be at most highFreqFactor, got lowFreqFactor = 4.0, highFreqFactor = 1.0"),
            row("scaling.Llama31Scaling.thetas(double,int,long)", () -> Llama31Scaling.of(8, 1, 4, 8192).thetas(1e4, 7, 1),
                    "rotaryDim must be even and at least 2, got 7"),
            row("scaling.LongRope.of(double[],double[],long,double)", () -> LongRope.of(new double[] {1, 1}, new double[] {2}, 100, 4),
                    "shortFactors and longFactors must have the same length, got 2 and 1"),
            row("scaling.LongRope.withAttentionFactor(double)", () -> LongRope.of(new double[] {1}, new double[] {2}, 100, 4).withAttentionFactor(0),
                    "attentionFactor must be finite and positive, got 0.0"),
            row("scaling.LongRope.attentionFactor(long)", () -> LongRope.of(new double[] {1, 1}, new double[] {2, 2}, 100, 4).attentionFactor(0),
                    "sequenceLength must be at least 1, got 0"),
            row("scaling.LongRope.thetas(double,int,long)", () -> LongRope.of(new double[] {1, 1}, new double[] {2, 2}, 100, 4).thetas(1e4, 8, 1),
                    "must equal r/2, got r = 8"),
            row("scaling.Proportional.of(double,double)", () -> Proportional.of(1.5, 1), "proportion must be in [0, 1], got 1.5"),
            row("scaling.Proportional.turningPairs(int)", () -> Proportional.of(0.25, 1).turningPairs(3), "rotaryDim must be even and at least 2, got 3"),
            row("scaling.Proportional.thetas(double,int,long)", () -> Proportional.of(0.25, 1).thetas(1, 8, 1),
                    "base must be finite and greater than 1, got 1.0"),
            row("scaling.CriticalDimension.of(RotaryEmbedding,long)", () -> CriticalDimension.of(ROPE, 0), "trainedLength must be at least 1, got 0"),
            row("scaling.CriticalDimension.closedForm(double,int,long)", () -> CriticalDimension.closedForm(1e4, 7, 4096),
                    "rotaryDim must be even and at least 2, got 7"),
            // Hugging Face configs: every kind of bad config is a named error (field and rule)
            row("models.HuggingFaceRope.fromConfig(String)", () -> HuggingFaceRope.fromConfig("{\"head_dim\": 7}"),
                    "the rotary width ⌊head_dim·partial_rotary_factor⌋ must be even and at least 2, got ⌊7·1.0⌋ = 7"),
            row("models.HuggingFaceRope.fromConfig(JsonObject)", () -> HuggingFaceRope.fromConfig(new com.google.gson.JsonObject()),
                    "hidden_size must be given, got nothing"),
            row("models.HuggingFaceRope.scaling(JsonObject)", () -> HuggingFaceRope.scaling(com.google.gson.JsonParser
                    .parseString("{\"head_dim\": 64, \"rope_scaling\": {\"rope_type\": \"bogus\"}}").getAsJsonObject()),
                    "rope_parameters.rope_type must be one of [default, linear, dynamic, yarn, longrope, llama3, proportional], got 'bogus'"),
            row("models.HuggingFaceRope.read(String)", () -> HuggingFaceRope.read("{\"head_dim\": 64, \"max_position_embeddings\": 4096,"
                    + " \"rope_parameters\": {\"rope_type\": \"yarn\", \"rope_theta\": 1e4}}"),
                    "rope_parameters.factor must be given for rope_type yarn, got nothing"),
            row("models.HuggingFaceRope.read(JsonObject)", () -> HuggingFaceRope.read(com.google.gson.JsonParser
                    .parseString("{\"head_dim\": 64, \"num_hidden_layers\": 3, \"layer_types\": [\"full_attention\"]}").getAsJsonObject()),
                    "layer_types must have num_hidden_layers = 3 entries, got 1"),
            row("models.HuggingFaceRope.read(String)", () -> HuggingFaceRope.read("{\"head_dim\": 64, \"rope_theta\": \"big\"}"),
                    "rope_parameters.rope_theta must be a number, got \"big\""),
            row("models.HuggingFaceRope.read(String)", () -> HuggingFaceRope.read("{\"head_dim\": 64, \"rope_theta\": NaN}"),
                    "rope_parameters.rope_theta must be finite and positive, got NaN"),
            row("models.HuggingFaceRope.read(String)", () -> HuggingFaceRope.read("{\"head_dim\": 64, \"rope_scaling\": {\"type\": \"linear\", \"factor\": -2}}"),
                    "rope_parameters.factor must be finite and positive, got -2.0"),
            row("models.HuggingFaceRope.read(String)", () -> HuggingFaceRope.read("{\"head_dim\": 64, \"max_position_embeddings\": 4096,"
                    + " \"rope_scaling\": {\"rope_type\": \"yarn\", \"factor\": 4, \"truncate\": \"no\"}}"), "rope_parameters.truncate must be true or false, got \"no\""),
            row("models.HuggingFaceRope.read(String)", () -> HuggingFaceRope.read("{\"head_dim\": 8, \"max_position_embeddings\": 4096,"
                    + " \"rope_scaling\": {\"rope_type\": \"longrope\", \"short_factor\": [1, 1, 1], \"long_factor\": [1, 1, 1, 1]}}"),
                    "rope_parameters.short_factor must hold r/2 = 4 numbers (one per rotated pair), got 3"),
            row("models.HuggingFaceRope.read(String)", () -> HuggingFaceRope.read("{\"head_dim\": 64, \"layer_types\": [\"full_attention\", \"sliding_attention\"],"
                    + " \"rope_parameters\": {\"full_attention\": {\"rope_type\": \"default\"}}}"),
                    "rope_parameters must have an entry for layer type 'sliding_attention'"),
            row("models.HuggingFaceRope.read(String)", () -> HuggingFaceRope.read("[1, 2]"), "config must be a JSON object, got [1,2]"),
            row("models.HuggingFaceRope.read(String)", () -> HuggingFaceRope.read("{\"head_dim\": 64, \"partial_rotary_factor\": 1.5}"),
                    "rope_parameters.partial_rotary_factor must be in (0, 1], got 1.5"),
            row("models.HuggingFaceRope.read(String)", () -> HuggingFaceRope.read("{\"model_type\": \"phi3\", \"head_dim\": 8,"
                    + " \"original_max_position_embeddings\": 4096, \"rope_scaling\": {\"type\": \"su\", \"short_factor\": [1, 1, 1, 1],"
                    + " \"long_factor\": [1, 1, 1, 1]}}"), "rope_parameters.original_max_position_embeddings must be given for Phi-3's legacy rope_type 'su'"),
            row("models.HuggingFaceRope.modelTable(Path,String[])", () -> {
                try {
                    HuggingFaceRope.modelTable(java.nio.file.Path.of("unused.json"), "Llama 4", " ");
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, "notSourced must hold model names, got a blank name in [Llama 4,  ]"),
            row("models.ModelRope.layer(int)", () -> HuggingFaceRope.read("{\"head_dim\": 64}").layer(1), "layer index i must be in [0, 1), got 1"),
            row("new models.LayerRope(int,String,String,RotaryEmbedding,QueryTemperature)",
                    () -> new LayerRope(0, "full_attention", "default", ROPE, null), "queryTemperature must be given"),
            row("new rope.QueryTemperature(double,double,double)", () -> new QueryTemperature(0.1, 0, 1), "floorScale must be finite and positive, got 0.0"),
            row("rope.QueryTemperature.scale(double)", () -> QueryTemperature.NONE.scale(-1), "position must be finite and at least 0, got -1.0"),
            // RoPE's production path and its tables
            row("rope.RotaryEmbedding.apply(INDArray,double[],INDArray)", () -> ROPE.apply(zeros(1, 1, 2, 4), new double[] {0, 1}, zeros(1, 1, 2, 6)),
                    "out must be [batch, heads, seq, d] with seq = 2, d = 4, got [1, 1, 2, 6]"),
            row("rope.RotaryEmbedding.applyElementWise(INDArray,double[])", () -> ROPE.applyElementWise(zeros(1, 1, 2, 4), new double[] {0}),
                    "seq = 2, got 1"),
            row("rope.RotaryEmbedding.applyInPlace(INDArray,double[])", () -> ROPE.applyInPlace(zeros(1, 1, 2, 4), new double[] {0}), "seq = 2, got 1"),
            row("rope.RotaryEmbedding.tables(double[],DataType)", () -> ROPE.tables(new double[] {0}, DataType.INT), "type must be FLOAT or DOUBLE, got INT"),
            row("rope.RotaryTables.of(RotaryEmbedding,double[],DataType)", () -> RotaryTables.of(ROPE, new double[0], DataType.DOUBLE),
                    "positions must hold at least one position, got none"),
            row("rope.RotaryTables.apply(INDArray)", () -> RotaryTables.of(ROPE, new double[] {0, 1}, DataType.DOUBLE).apply(zeros(1, 1, 3, 4)),
                    "x must be [batch, heads, seq, d] with seq = 2, d = 4, got [1, 1, 3, 4]"),
            row("rope.RotaryTables.apply(INDArray,INDArray)", () -> RotaryTables.of(ROPE, new double[] {0, 1}, DataType.DOUBLE)
                    .apply(zeros(1, 1, 2, 4), zeros(1, 1, 2, 6)), "out must be [batch, heads, seq, d] with seq = 2, d = 4, got [1, 1, 2, 6]"),
            row("rope.RotaryTables.applyInPlace(INDArray)", () -> RotaryTables.of(ROPE, new double[] {0, 1}, DataType.DOUBLE)
                    .applyInPlace(Nd4j.zeros(DataType.FLOAT, 1, 1, 2, 4)), "x must hold DOUBLE like these tables, got FLOAT"),
            row("rope.RotaryTables.cos(int,int)", () -> RotaryTables.of(ROPE, new double[] {0, 1}, DataType.DOUBLE).cos(2, 0), "got (2, 0)"),
            row("rope.RotaryTables.sin(int,int)", () -> RotaryTables.of(ROPE, new double[] {0, 1}, DataType.DOUBLE).sin(0, 4), "got (0, 4)"),
            // RoPE's properties: decay bound, linear attention, multi-axis RoPE, T5 buckets
            row("rope.DecayBound.thetas(int,double)", () -> DecayBound.thetas(7, 1e4), "d must be even and at least 2, got 7"),
            row("rope.DecayBound.relative(int,double,double)", () -> DecayBound.relative(7, 1e4, 1), "d must be even and at least 2, got 7"),
            row("rope.DecayBound.relative(double[],double)", () -> DecayBound.relative(new double[0], 1), "thetas must hold at least one frequency, got none"),
            row("rope.DecayBound.partialSums(double[],double)", () -> DecayBound.partialSums(new double[] {1}, Double.NaN), "r must be finite, got NaN"),
            row("rope.DecayBound.sumOfPartialSums(double[],double)", () -> DecayBound.sumOfPartialSums(new double[] {1}, Double.NaN),
                    "r must be finite, got NaN"),
            row("rope.DecayBound.pairProducts(double[],double[])", () -> DecayBound.pairProducts(new double[4], new double[6]),
                    "k must have as many components as q (4), got 6"),
            row("rope.DecayBound.weightedSum(Complex[],double[],double)", () -> DecayBound.weightedSum(new Complex[2], new double[] {1}, 1),
                    "h must hold one product per frequency (1), got 2"),
            row("rope.DecayBound.abelSum(Complex[],double[],double)", () -> DecayBound.abelSum(new Complex[2], new double[] {1}, 1),
                    "h must hold one product per frequency (1), got 2"),
            row("rope.DecayBound.bound(Complex[],double[],double)", () -> DecayBound.bound(new Complex[2], new double[] {1}, 1),
                    "h must hold one product per frequency (1), got 2"),
            row("rope.DecayBound.maxStep(Complex[])", () -> DecayBound.maxStep(new Complex[0]), "h must hold at least one pair product, got none"),
            row("rope.LinearAttention.featureMap(INDArray)", () -> LinearAttention.featureMap(Nd4j.createFromArray(Double.NaN)),
                    "x must hold finite values, got NaN"),
            row("rope.LinearAttention.weights(INDArray,INDArray,RotaryEmbedding,double[],boolean)",
                    () -> LinearAttention.weights(zeros(1, 1, 3, 4), zeros(1, 1, 3, 6), ROPE, new double[] {0, 1, 2}, true),
                    "k must have q's shape [1, 1, 3, 4], got [1, 1, 3, 6]"),
            row("rope.LinearAttention.quadratic(INDArray,INDArray,INDArray,RotaryEmbedding,double[],boolean)",
                    () -> LinearAttention.quadratic(zeros(1, 1, 3, 4), zeros(1, 1, 3, 4), zeros(1, 1, 2, 4), ROPE, new double[] {0, 1, 2}, true),
                    "v must be [batch, heads, seq, dv] = [1, 1, 3, dv], got [1, 1, 2, 4]"),
            row("rope.LinearAttention.linear(INDArray,INDArray,INDArray,RotaryEmbedding,double[],boolean)",
                    () -> LinearAttention.linear(zeros(1, 1, 3, 4), zeros(1, 1, 3, 4), zeros(1, 1, 2, 4), ROPE, new double[] {0, 1, 2}, false),
                    "v must be [batch, heads, seq, dv] = [1, 1, 3, dv], got [1, 1, 2, 4]"),
            row("rope.MultiAxisRope.of(int,Pairing,int[])", () -> MultiAxisRope.of(8, Pairing.INTERLEAVED, 2, 1),
                    "sections must add up to dim/2 = 4 pairs, got [2, 1] = 3"),
            row("rope.MultiAxisRope.withBase(double)", () -> MultiAxisRope.of(8, Pairing.INTERLEAVED, 2, 2).withBase(0.5),
                    "base must be finite and greater than 1, got 0.5"),
            row("rope.MultiAxisRope.angles(double[])", () -> MultiAxisRope.of(8, Pairing.INTERLEAVED, 2, 2).angles(new double[] {1}),
                    "position must have one coordinate per axis (2), got 1"),
            row("rope.MultiAxisRope.rotate(double[],double[])", () -> MultiAxisRope.of(8, Pairing.INTERLEAVED, 2, 2).rotate(new double[6], new double[2]),
                    "x must have d = 8 components, got 6"),
            row("rope.MultiAxisRope.apply(INDArray,double[][])", () -> MultiAxisRope.of(8, Pairing.INTERLEAVED, 2, 2)
                    .apply(zeros(1, 1, 2, 8), new double[][] {{0, 0}}), "seq = 2, got 1"),
            row("rope.MultiAxisRope.grid(int,int)", () -> MultiAxisRope.grid(0, 2), "must be at least 1, got 1, 0, 2"),
            row("rope.MultiAxisRope.video(int,int,int)", () -> MultiAxisRope.video(0, 1, 1), "must be at least 1, got 0, 1, 1"),
            row("rope.MultiAxisRope.text(double,int)", () -> MultiAxisRope.text(1, 0), "axes must be at least 1, got 0"),
            row("rope.MultiAxisRope.interleaved(int,Pairing,int[])", () -> MultiAxisRope.interleaved(128, Pairing.HALF_SPLIT, 4, 30, 30),
                    "sections[1] = 30 needs pair 88 in the interleaved layout, but there are only dim/2 = 64 pairs"),
            row("rope.MultiAxisRope.textImageText(int,int,int,int)", () -> MultiAxisRope.textImageText(-1, 2, 2, 0),
                    "before and after must be at least 0, got -1, 0"),
            row("rope.MultiAxisRope.ropeDelta(double[][])", () -> MultiAxisRope.ropeDelta(new double[][] {{0, Double.NaN}}),
                    "positions[0] must be finite, got NaN"),
            row("rope.IRope.of(int,int,double,double)", () -> IRope.of(1, 8, 0.1, 8), "noRopeInterval must be at least 2, got 1"),
            row("rope.IRope.of(int,int,double,double)", () -> IRope.of(4, 8, 0.1, 0.5), "floorScale must be finite and at least 1, got 0.5"),
            row("rope.IRope.usesRope(int)", () -> IRope.of(4, 8, 0.1, 8).usesRope(-1), "layer must be at least 0, got -1"),
            row("rope.IRope.temperature(double)", () -> IRope.of(4, 8, 0.1, 8).temperature(-1), "position must be finite and at least 0, got -1.0"),
            row("rope.IRope.chunkedCausalMask(int)", () -> IRope.of(4, 8, 0.1, 8).chunkedCausalMask(0), "seq must be at least 1, got 0"),
            row("rope.LatentAttentionHead.random(int,int,int,int,Pairing,Random)",
                    () -> LatentAttentionHead.random(0, 4, 4, 2, Pairing.INTERLEAVED, new Random(1)), "hidden and latent must be at least 1, got 0, 4"),
            row("rope.LatentAttentionHead.score(double[],double,double[],double[],double)",
                    () -> LatentAttentionHead.random(4, 4, 4, 2, Pairing.INTERLEAVED, new Random(1)).score(new double[3], 0, new double[4], new double[4], 0),
                    "query and key must have hidden = 4 components, got 3, 4"),
            row("rope.LatentAttentionHead.absorbedScore(double[],double,double[],double[],double)",
                    () -> LatentAttentionHead.random(4, 4, 4, 2, Pairing.INTERLEAVED, new Random(1)).absorbedScore(new double[4], 0, new double[2], new double[4], 0),
                    "latent must have 4 components, got 2"),
            row("rope.LatentAttentionHead.coupledScore(double[],double,double[],double)",
                    () -> LatentAttentionHead.random(4, 4, 4, 2, Pairing.INTERLEAVED, new Random(1)).coupledScore(null, 0, new double[4], 0),
                    "query and key must have hidden = 4 components, got null, 4"),
            row("rope.LatentAttentionHead.coupledMatrix(double)",
                    () -> LatentAttentionHead.random(4, 4, 4, 2, Pairing.INTERLEAVED, new Random(1)).coupledMatrix(Double.NaN), "offset must be finite, got NaN"),
            row("precision.FrequencyPaths.byPower(NumberFormat)", () -> FrequencyPaths.byPower(null), "f must be a NumberFormat, got null"),
            row("precision.FrequencyPaths.byRecurrence(NumberFormat)", () -> FrequencyPaths.byRecurrence(null), "f must be a NumberFormat, got null"),
            row("precision.FrequencyPaths.shiftRepeatedly(RotaryEmbedding,NumberFormat,INDArray,double,int)",
                    () -> FrequencyPaths.shiftRepeatedly(ROPE, NumberFormat.FLOAT16, zeros(1, 1, 2, 4), 1, 0), "times must be at least 1 and delta finite, got 0, 1.0"),
            row("relative.RelativePositions.t5Bucket(long,boolean,int,int)", () -> RelativePositions.t5Bucket(1, true, 3, 128),
                    "buckets must be at least 4 when bidirectional, got 3"),
            // number formats, tensors, small helpers
            row("precision.NumberFormat.round(INDArray)", () -> NumberFormat.BFLOAT16.round(Nd4j.zeros(DataType.INT, 2)), "x must hold FLOAT or DOUBLE, got INT"),
            row("precision.NumberFormat.frequencies(RopeScaling)", () -> NumberFormat.BFLOAT16.frequencies(null), "must be a RopeScaling"),
            row("claims.Tensors.gaussian(Random,double,int[])", () -> Tensors.gaussian(new Random(1), -1, 2), "std must be finite and at least 0, got -1.0"),
            row("claims.Tensors.maxAbsDifference(INDArray,INDArray)", () -> Tensors.maxAbsDifference(zeros(2), zeros(3)),
                    "a and b must have the same shape, got [2] and [3]"),
            row("geometry.Matrices.times(double[],double[][])", () -> Matrices.times(new double[3], new double[2][2]), "x must have w's 2 rows as its length, got 3"),
            row("attention.Attention.scores(INDArray,INDArray,INDArray,int)", () -> Attention.scores(zeros(1, 3, 4), zeros(4, 4), zeros(4, 4), 0),
                    "heads must be at least 1, got 0"),
            // the training package (org.ropelab.train)
            row("train.NgramLanguage.random(int,int,double,long)", () -> org.ropelab.train.NgramLanguage.random(1, 2, 1, 1),
                    "vocab must be at least 2, got 1"),
            row("train.NgramLanguage.of(double[][])", () -> org.ropelab.train.NgramLanguage.of(new double[][] {{0.5, 0.6}}),
                    "next must hold V^k rows of V probabilities, got 1 rows"),
            row("train.NgramLanguage.probability(int,int)", () -> org.ropelab.train.NgramLanguage.random(4, 2, 1, 1).probability(99, 0),
                    "got (99, 0)"),
            row("train.NgramLanguage.floor(int)", () -> org.ropelab.train.NgramLanguage.random(4, 2, 1, 1).floor(-1), "t must be at least 0, got -1"),
            row("train.NgramLanguage.bestLoss(int[][])", () -> org.ropelab.train.NgramLanguage.random(4, 2, 1, 1).bestLoss(new int[0][]),
                    "sequences must be [count ≥ 1][length ≥ 2]"),
            row("new train.LengthGeneralization.Setup(NgramLanguage,Config,int,int,LearningRate,int,LearningRate,int,long)",
                    () -> new org.ropelab.train.LengthGeneralization.Setup(org.ropelab.train.NgramLanguage.random(4, 3, 1, 1),
                            new org.ropelab.train.TinyDecoder.Config(8, 8, 2, 8, 4, 2), 1, 1, LearningRate.constant(0.1), 1,
                            LearningRate.constant(0.1), 1, 1), "config.vocab must equal the language's 4, got 8"),
            row("train.LengthGeneralization.run(Setup,long[])", () -> org.ropelab.train.LengthGeneralization.run(null),
                    "setup and at least one seed must be given"),
            row("train.LengthGeneralization.excess(String)", () -> tinySweep().excess("none"), "name must be one of"),
            row("train.LengthGeneralization.mean(String,int)", () -> tinySweep().mean("RoPE", 9), "j must be in [0, 4), got 9"),
            row("train.LengthGeneralization.min(String,int)", () -> tinySweep().min("RoPE", -1), "j must be in [0, 4), got -1"),
            row("train.LengthGeneralization.max(String,int)", () -> tinySweep().max("RoPE", 4), "j must be in [0, 4), got 4"),
            row("train.LengthGeneralization.rope(int)", () -> tinySweep().rope(5), "i must be in [0, 1), got 5"),
            row("train.NgramLanguage.sample(int,int,long)", () -> org.ropelab.train.NgramLanguage.random(4, 2, 1, 1).sample(0, 4, 1),
                    "count must be at least 1, got 0"),
            row("train.NgramLanguage.contextAt(int[],int)", () -> org.ropelab.train.NgramLanguage.random(4, 2, 1, 1).contextAt(new int[] {0, 1}, 5),
                    "t must be in [k − 1, length) = [0, 2), got 5"),
            row("new train.TinyDecoder.Config(int,int,int,int,int,int)", () -> new org.ropelab.train.TinyDecoder.Config(8, 16, 3, 32, 16, 8),
                    "dModel/heads must be an even whole number, got 16/3"),
            row("train.TinyDecoder.init(Config,Encoding,long)", () -> org.ropelab.train.TinyDecoder.init(
                    new org.ropelab.train.TinyDecoder.Config(0, 16, 2, 32, 16, 8), org.ropelab.train.Encoding.ROPE, 1), "vocab must be at least 1, got 0"),
            row("train.TinyDecoder.withRope(RotaryEmbedding)", () -> TINY.withRope(RotaryEmbedding.of(4, Pairing.INTERLEAVED)),
                    "rope must have head dimension 8, got RoPE[d=4"),
            row("train.TinyDecoder.withWeight(String,INDArray)", () -> TINY.withWeight("nope", Nd4j.zeros(2)), "weight nope must exist"),
            row("train.TinyDecoder.scores(int[][])", () -> TINY.scores(new int[][] {new int[1]}), "sequences must be [count ≥ 1][length + 1 ≥ 2]"),
            row("train.TinyDecoder.graphScores(int[][],int)", () -> TINY.graphScores(new int[][] {new int[40]}, 0), "batch must divide the 1 sequences, got 0"),
            row("train.TinyDecoder.train(int[][][],LearningRate)", () -> TINY.train(new int[0][][], LearningRate.constant(0.01)), "batches must be [steps ≥ 1]"),
            row("new train.LearningRate(double,int,double)", () -> new org.ropelab.train.LearningRate(0.1, 2, 1.5), "end must be in [0, 1], got 1.5"),
            row("train.LearningRate.constant(double)", () -> org.ropelab.train.LearningRate.constant(-1), "peak must be positive and finite, got -1.0"),
            row("train.LearningRate.at(int,int)", () -> org.ropelab.train.LearningRate.constant(1).at(5, 5), "s must be in [0, steps) with steps ≥ 1, got s = 5, steps = 5"),
            row("train.TinyDecoder.gradients(int[][])", () -> TINY.gradients(new int[0][]), "sequences must be [batch ≥ 1][length + 1 ≥ 2], got no sequences"),
            row("display.Trace.heatmap(double[][])", () -> Trace.heatmap(new double[0][]), "heatmap needs at least one row, got 0"),
            row("display.Trace.bars(String[],double[])", () -> Trace.bars(new String[] {"a"}, new double[2]),
                    "x and y must have the same length, got 1 and 2"),
            row("attention.UninitializedTensors.of(DataType,long[])", () -> UninitializedTensors.of(DataType.INT, 2, 3),
                    "type must be FLOAT or DOUBLE, got INT"),
            row("attention.UninitializedTensors.of(DataType,long[])", () -> UninitializedTensors.of(DataType.FLOAT, 2, 0),
                    "shape must have every axis ≥ 1, got [2, 0]"),
            row("attention.OffsetBias.linear(double[])", () -> OffsetBias.linear(new double[] {0.5, -1}), "slopes[1] must be finite and ≥ 0, got -1.0"),
            row("attention.OffsetBias.of(double[][])", () -> OffsetBias.of(new double[][] {{1, 2}}),
                    "byOffset rows must all have the same odd length 2R + 1, got row 0 of length 2"),
            row("attention.OffsetBias.of(double[][])", () -> OffsetBias.of(new double[][] {{1, Double.NaN, 3}}), "byOffset[0][1] must be finite, got NaN"),
            row("attention.OffsetBias.at(int,long)", () -> OffsetBias.of(new double[][] {{1, 2, 3}}).at(0, 2), "offset must be within ±1, got 2"),
            row("attention.OffsetBias.at(int,long)", () -> OffsetBias.linear(new double[] {1}).at(1, 0), "h must be in [0, 1), got 1"),
            row("attention.TiledAttention.attend(INDArray,INDArray,INDArray,boolean,OffsetBias,int[])",
                    () -> TiledAttention.attend(zeros(1, 3, 4, 8), zeros(1, 2, 4, 8), zeros(1, 2, 4, 8), true, null, null),
                    "k's heads must divide q's heads (grouped-query attention), got 2 and 3"),
            row("attention.TiledAttention.attend(INDArray,INDArray,INDArray,boolean,OffsetBias,int[])",
                    () -> TiledAttention.attend(zeros(1, 2, 4, 8), zeros(1, 2, 5, 8), zeros(1, 2, 5, 8), true, null, null),
                    "causal attention needs as many queries as keys, got sq = 4 and sk = 5"),
            row("attention.TiledAttention.attend(INDArray,INDArray,INDArray,boolean,OffsetBias,int[])",
                    () -> TiledAttention.attend(zeros(2, 2, 4, 8), zeros(2, 2, 4, 8), zeros(2, 2, 4, 8), true, null, new int[] {4, 0}),
                    "lengths[1] must be between 1 and sk = 4, got 0"),
            row("attention.TiledAttention.attend(INDArray,INDArray,INDArray,boolean,OffsetBias,int[],RowMap)",
                    () -> TiledAttention.attend(zeros(1, 2, 4, 8), zeros(1, 2, 4, 8), zeros(1, 2, 4, 8), true,
                            OffsetBias.of(new double[][] {{1, 2, 3}}), null, null),
                    "bias must define offsets up to ±3, got ±1"),
            row("rope.TiledRopeAttention.attend(RotaryTables,INDArray,INDArray,INDArray,OffsetBias,int[])",
                    () -> TiledRopeAttention.attend(RotaryEmbedding.of(8, Pairing.INTERLEAVED).tables(new double[] {0, 1, 2}, DataType.DOUBLE),
                            zeros(1, 2, 4, 8), zeros(1, 2, 4, 8), zeros(1, 2, 4, 8), null, null),
                    "q must be [batch, heads, seq, d] with seq = 3, d = 8 and type DOUBLE like the tables, got [1, 2, 4, 8] DOUBLE"),
            row("rope.TiledRopeAttention.attend(RotaryTables,INDArray,INDArray,INDArray,boolean,OffsetBias,int[])",
                    () -> TiledRopeAttention.attend(RotaryEmbedding.of(8, Pairing.INTERLEAVED).tables(new double[] {0, 1, 2, 3}, DataType.FLOAT),
                            zeros(1, 2, 4, 8), zeros(1, 2, 4, 8), zeros(1, 2, 4, 8), false, null, null),
                    "type FLOAT like the tables, got [1, 2, 4, 8] DOUBLE"),
            row("display.Trace.with(String,Object)", () -> TRACE.with("", 1), "attribute path must not be blank, got ''"));

    /** Public entry points with no argument value that is wrong, and why. */
    static final Map<String, String> EXEMPT = Map.ofEntries(
            Map.entry("claims.Claims.printingTo(PrintStream)", "any stream"),
            Map.entry("new absolute.RandomQueryDecay.Summary(double,double,double,double,double)", "a record of measured values"),
            Map.entry("train.Encoding.valueOf(String)", "the enum's own valueOf"),
            Map.entry("new train.TinyDecoder.PositionScores(double[],double[])", "a record of measured values"),
            Map.entry("claims.Claims.number(double)", "formats any double, NaN and ±∞ included; nothing computed from it"),
            Map.entry("precision.NumberFormat.round(double)", "rounds every double; NaN stays NaN and overflow gives ±∞, as IEEE 754 does"),
            Map.entry("precision.NumberFormat.round(double[])", "rounds every double; NaN stays NaN and overflow gives ±∞, as IEEE 754 does"),
            Map.entry("precision.NumberFormat.valueOf(String)", "the enum's own valueOf"),
            Map.entry("relative.RelativePositions.t5Bucket(long,boolean)", "T5's default rule gives every distance a bucket"),
            Map.entry("models.HuggingFaceRope.caseErrors(Path)", "reads a fixture folder; a missing one is the declared IOException"),
            Map.entry("models.HuggingFaceRope.agreement(Path)", "reads a fixture folder; a missing one is the declared IOException"),
            Map.entry("new models.HuggingFaceRope.CaseError(String,String,int,long,double,double)", "a record of measured values"),
            Map.entry("new models.HuggingFaceRope.Agreement(String,String,String,int,double,double,double)", "a record of measured values"),
            Map.entry("geometry.ComplexPlane.text(Complex)", "prints any value, NaN included; nothing computed from it"),
            Map.entry("relative.RelativePositions.bucket(long)", "clips any distance to [−maxDistance, maxDistance] by definition"),
            Map.entry("relative.RelativePositions.biasAt(long)", "clips any distance to [−maxDistance, maxDistance] by definition"),
            Map.entry("rope.RotaryEmbedding.permutationTo(Pairing)", "either Pairing is valid"),
            Map.entry("new rope.RopeAttention.Steps(INDArray,INDArray,INDArray,INDArray,INDArray,INDArray,INDArray,INDArray)",
                    "the record RopeAttention.steps returns; built from checked computations"),
            Map.entry("new claims.Verdict(String,String,String,String)", "a value; Claims validates every verdict it records"),
            Map.entry("display.Layout.of(String,String,String)", "any titles (escaped where shown)"),
            Map.entry("display.Trace.named(String)", "any legend name (escaped where shown)"),
            Map.entry("display.RopelabExtension.install(BaseKernel)", "called by the kernel with itself"));

    @TestFactory
    Stream<DynamicTest> everyRowThrowsANamedError() {
        return ROWS.stream().map(r -> DynamicTest.dynamicTest(r.entryPoint() + " → " + r.message(), () -> {
            try {
                r.call().run();
            } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                assertTrue(e.getMessage() != null && e.getMessage().contains(r.message()),
                        r.entryPoint() + ": message \"" + e.getMessage() + "\" lacks \"" + r.message() + "\"");
                return;
            } catch (RuntimeException e) {
                fail(r.entryPoint() + " threw " + e.getClass().getName() + " (" + e.getMessage()
                        + "), not IllegalArgumentException or IndexOutOfBoundsException", e);
            }
            fail(r.entryPoint() + " accepted the bad input; expected \"" + r.message() + "\"");
        }));
    }

    @Test
    void everyPublicMethodHasARowOrAnExemption() {
        Set<String> listed = ROWS.stream().map(Row::entryPoint).collect(Collectors.toCollection(TreeSet::new));
        listed.addAll(EXEMPT.keySet());
        Set<String> found = publicEntryPoints();
        Set<String> missing = new TreeSet<>(found);
        missing.removeAll(listed);
        Set<String> stale = new TreeSet<>(listed);
        stale.removeAll(found);
        assertEquals(Set.of(), missing, "public entry points with neither a row in BadInputTest.ROWS nor an exemption");
        assertEquals(Set.of(), stale, "rows or exemptions naming no public entry point (renamed or removed?)");
        assertTrue(found.size() > 100, "the walk found only " + found.size() + " entry points: is the class scan broken?");
    }

    /** Returns the signatures of every public method and constructor, of every public class, that takes arguments. */
    static Set<String> publicEntryPoints() {
        Set<String> all = new TreeSet<>();
        for (Class<?> c : publicClasses()) {
            List<Executable> members = new ArrayList<>(Arrays.asList(c.getDeclaredMethods()));
            members.addAll(Arrays.asList(c.getConstructors()));
            for (Executable m : members) {
                boolean method = m instanceof Method;
                if (!Modifier.isPublic(m.getModifiers()) || m.isSynthetic() || m.getParameterCount() == 0
                        || method && (((Method) m).isBridge() || Modifier.isAbstract(m.getModifiers()))
                        || method && Set.of("equals", "hashCode", "toString").contains(m.getName())) {
                    continue;
                }
                String params = Arrays.stream(m.getParameterTypes()).map(Class::getSimpleName).collect(Collectors.joining(","));
                all.add(method ? name(c) + "." + m.getName() + "(" + params + ")" : "new " + name(c) + "(" + params + ")");
            }
        }
        return all;
    }

    private static String name(Class<?> c) {
        String full = c.getName().substring("org.ropelab.".length());
        return full.replace('$', '.');
    }

    private static List<Class<?>> publicClasses() {
        Path classes;
        try {
            classes = Path.of(Claims.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        Function<Path, Class<?>> load = p -> {
            String binary = classes.relativize(p).toString().replace('/', '.').replaceAll("\\.class$", "");
            try {
                return Class.forName(binary, false, BadInputTest.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        };
        try (Stream<Path> files = Files.walk(classes.resolve("org/ropelab"))) {
            return files.filter(p -> p.toString().endsWith(".class")).map(load)
                    .filter(BadInputTest::reachable).collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True for a public class whose enclosing classes, if any, are public too. */
    private static boolean reachable(Class<?> c) {
        for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
            if (!Modifier.isPublic(k.getModifiers()) || k.isAnonymousClass()) {
                return false;
            }
        }
        return true;
    }
}
