/** Relative positions as a bias on the attention scores: learned (Shaw, T5 buckets) and ALiBi slopes. */
package org.ropelab.relative;
