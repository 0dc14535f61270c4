package org.ropelab.attention;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A tiny character-level vocabulary with a seeded random embedding, enough for document 003's
 * example sentences 我喜欢吃洋葱 / 洋葱喜欢吃我 (the same characters in two orders) and 我喜欢你.
 * Token 0 is {@code <pad>}, whose embedding is the zero vector; the others have entries
 * {@code ~ N(0, 1/dim)}, so that an embedding has norm close to 1.
 */
public final class ToyEmbedding {
    /** The padding token. */
    public static final String PAD = "<pad>";

    private static final List<String> VOCABULARY = List.of(PAD, "我", "喜", "欢", "吃", "洋", "葱", "你");

    private final double[][] vectors;

    private ToyEmbedding(double[][] vectors) {
        this.vectors = vectors;
    }

    /** Returns an embedding of width {@code dim} drawn from a generator seeded with {@code seed}. */
    public static ToyEmbedding of(int dim, long seed) {
        if (dim < 1) {
            throw new IllegalArgumentException("dim must be at least 1, got " + dim);
        }
        Random rng = new Random(seed);
        double[][] vectors = new double[VOCABULARY.size()][dim];
        for (int t = 1; t < vectors.length; t++) {
            for (int j = 0; j < dim; j++) {
                vectors[t][j] = rng.nextGaussian() / Math.sqrt(dim);
            }
        }
        return new ToyEmbedding(vectors);
    }

    /** Returns the vocabulary, token ids in order: {@code <pad>, 我, 喜, 欢, 吃, 洋, 葱, 你}. */
    public static List<String> vocabulary() {
        return VOCABULARY;
    }

    /** Returns the tokens of {@code text}, one per character; every character must be in the vocabulary. */
    public static List<String> tokenize(String text) {
        List<String> tokens = new ArrayList<>();
        text.codePoints().forEach(c -> tokens.add(new String(Character.toChars(c))));
        for (int i = 0; i < tokens.size(); i++) {
            if (!VOCABULARY.contains(tokens.get(i))) {
                throw new IllegalArgumentException("character " + i + " of '" + text + "' ('" + tokens.get(i)
                        + "') is not in the vocabulary " + VOCABULARY);
            }
        }
        return tokens;
    }

    /** Returns the width of an embedding vector. */
    public int dim() {
        return vectors[0].length;
    }

    /** Returns the id of each token. */
    public int[] ids(List<String> tokens) {
        int[] ids = new int[tokens.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = VOCABULARY.indexOf(tokens.get(i));
            if (ids[i] < 0) {
                throw new IllegalArgumentException("token " + i + " ('" + tokens.get(i) + "') is not in the vocabulary " + VOCABULARY);
            }
        }
        return ids;
    }

    /** Returns the embeddings of {@code tokens}, one row each: {@code [tokens, dim]}. */
    public INDArray embed(List<String> tokens) {
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException("tokens must hold at least one token, got none");
        }
        int[] ids = ids(tokens);
        double[][] rows = new double[ids.length][];
        for (int i = 0; i < ids.length; i++) {
            rows[i] = vectors[ids[i]].clone();
        }
        return Nd4j.create(rows);
    }

    /** Returns the embeddings of the characters of {@code text}: {@code [characters, dim]}. */
    public INDArray embed(String text) {
        return embed(tokenize(text));
    }

    /**
     * Returns a batch {@code [sentences, seq, dim]}: each sentence's character embeddings followed by
     * {@code <pad>} rows (zeros) up to {@code seq}.
     */
    public INDArray embedPadded(int seq, String... sentences) {
        if (seq < 1 || sentences.length == 0) {
            throw new IllegalArgumentException("embedPadded needs seq ≥ 1 and at least one sentence, got seq = " + seq
                    + " and " + sentences.length + " sentences");
        }
        INDArray batch = Nd4j.zeros(DataType.DOUBLE, sentences.length, seq, dim());
        for (int b = 0; b < sentences.length; b++) {
            List<String> tokens = tokenize(sentences[b]);
            if (tokens.size() > seq) {
                throw new IllegalArgumentException("sentence " + b + " has " + tokens.size() + " tokens, more than seq = " + seq);
            }
            List<String> padded = new ArrayList<>(tokens);
            while (padded.size() < seq) {
                padded.add(PAD);
            }
            batch.slice(b).assign(embed(padded));
        }
        return batch;
    }
}
