package org.ropelab.train;

/** The position encoding of a {@link TinyDecoder}: the one thing that differs between the trained models. */
public enum Encoding {
    /** A trainable table of absolute position vectors added to the token embeddings; none beyond its length. */
    LEARNED,
    /** The fixed sinusoidal vectors of "Attention Is All You Need" added to the token embeddings. */
    SINUSOIDAL,
    /** Rotary position embedding of queries and keys. */
    ROPE,
    /** ALiBi's fixed linear distance penalty added to the scores. */
    ALIBI,
    /** A trainable bias per head and clipped distance added to the scores. */
    RELATIVE,
    /** No position encoding (NoPE): the causal mask is the only source of order. */
    NONE
}
