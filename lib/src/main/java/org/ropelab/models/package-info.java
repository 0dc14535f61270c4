/** RoPE as real models state it: Hugging Face configs read into schedules, and a sourced table of published configurations. */
package org.ropelab.models;
