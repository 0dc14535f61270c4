/**
 * ropelab: the math of transformer position encodings, one package per step of the derivation, in the
 * order the notebooks teach it.
 *
 * <ol>
 *   <li>{@code claims}: checking a claim, a verdict line, the batched-tensor helpers the checks share;</li>
 *   <li>{@code geometry}: complex numbers, plane rotations and the small dense matrices behind them;</li>
 *   <li>{@code attention}: scaled dot-product attention and the toy embeddings it is tried on;</li>
 *   <li>{@code absolute}: learned and sinusoidal position tables;</li>
 *   <li>{@code relative}: relative-position biases (Shaw, T5) and ALiBi;</li>
 *   <li>{@code rope}: rotary position embedding, its pairings, its production kernel, RoPE inside
 *       attention, multi-axis RoPE, the long-distance decay bound, linear attention;</li>
 *   <li>{@code scaling}: length extrapolation: the frequency schedules (PI, NTK, YaRN, LongRoPE,
 *       Llama 3.1) and the critical dimension;</li>
 *   <li>{@code models}: RoPE as real model configs state it, and published configurations;</li>
 *   <li>{@code precision}: RoPE in float16, bfloat16 and float32;</li>
 *   <li>{@code train}: a tiny decoder trained with each encoding;</li>
 *   <li>{@code display}: tables and Plotly figures in the notebook.</li>
 * </ol>
 *
 * <p>A package uses only packages before it in this list; {@code ArchitectureTest} holds that rule.
 */
package org.ropelab;
