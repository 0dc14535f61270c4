package org.ropelab.absolute;

import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A learned (trainable) absolute position table: row {@code p} is the vector added to the token at
 * position {@code p}, {@code x_p + P[p]}. It is initialised at random, {@code P[p][j] ~ N(0, 0.02²)}
 * (BERT's initialiser), from a seed; this project does no training, so the rows of a table made by
 * {@link #random} stand in for trained rows, and only the rows added by {@link #grow} count as untrained.
 */
public final class LearnedPositions {
    /** The standard deviation of the initial values. */
    public static final double INIT_STD = 0.02;

    private final double[][] rows;
    private final int trainedRows;

    private LearnedPositions(double[][] rows, int trainedRows) {
        this.rows = rows;
        this.trainedRows = trainedRows;
    }

    /** Returns a {@code [length, dim]} table with entries drawn from {@code N(0, 0.02²)} by a generator seeded with {@code seed}. */
    public static LearnedPositions random(int length, int dim, long seed) {
        requireAtLeastOne("length", length);
        requireAtLeastOne("dim", dim);
        Random rng = new Random(seed);
        double[][] rows = new double[length][];
        for (int p = 0; p < length; p++) {
            rows[p] = randomRow(rng, dim);
        }
        return new LearnedPositions(rows, length);
    }

    /** Returns the number of positions the table holds. */
    public int length() {
        return rows.length;
    }

    /** Returns the width of each row. */
    public int dim() {
        return rows[0].length;
    }

    /** Returns row {@code P[pos]}; a position outside {@code 0 .. length−1} has no row and is rejected. */
    public double[] lookup(int pos) {
        if (pos < 0 || pos >= rows.length) {
            throw new IllegalArgumentException("position " + pos + " is outside the learned table of " + rows.length
                    + " positions (0.." + (rows.length - 1) + ")");
        }
        return rows[pos].clone();
    }

    /** Returns the whole table, {@code [length, dim]}. */
    public INDArray table() {
        return Nd4j.create(rows);
    }

    /**
     * Returns a table of {@code newLength} rows: rows {@code 0 .. length−1} copied, rows
     * {@code length .. newLength−1} freshly initialised from {@code seed} and untrained.
     */
    public LearnedPositions grow(int newLength, long seed) {
        if (newLength <= rows.length) {
            throw new IllegalArgumentException("newLength must exceed the current length " + rows.length + ", got " + newLength);
        }
        Random rng = new Random(seed);
        double[][] grown = new double[newLength][];
        for (int p = 0; p < newLength; p++) {
            grown[p] = p < rows.length ? rows[p].clone() : randomRow(rng, dim());
        }
        return new LearnedPositions(grown, trainedRows);
    }

    /** Returns the positions whose rows were added by {@link #grow} and never trained, in increasing order. */
    public int[] untrainedRows() {
        int[] untrained = new int[rows.length - trainedRows];
        for (int i = 0; i < untrained.length; i++) {
            untrained[i] = trainedRows + i;
        }
        return untrained;
    }

    private static double[] randomRow(Random rng, int dim) {
        double[] row = new double[dim];
        for (int j = 0; j < dim; j++) {
            row[j] = INIT_STD * rng.nextGaussian();
        }
        return row;
    }

    private static void requireAtLeastOne(String name, int n) {
        if (n < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, got " + n);
        }
    }
}
