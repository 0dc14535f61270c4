/**
 * Rotary position embedding: {@code q_m·k_n} depends on {@code n − m} once each pair is rotated by
 * {@code m·θ_i}. The embedding and its pairings, the tables and kernels that apply it, RoPE inside
 * attention, multi-axis RoPE, the decay bound, and RoPE with linear attention. {@link
 * org.ropelab.rope.RopeScaling} is the seam through which the {@code scaling} package changes the
 * frequencies.
 */
package org.ropelab.rope;
