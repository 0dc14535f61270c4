/** Binary floating-point formats (float32, TF32, bfloat16, float16), exact rounding into them, and RoPE frequencies rounded to one. */
package org.ropelab.precision;
