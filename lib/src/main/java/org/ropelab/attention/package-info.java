/** Scaled dot-product attention, {@code softmax(q·kᵀ/√d + bias)·v}, and the toy embeddings it is tried on. */
package org.ropelab.attention;
