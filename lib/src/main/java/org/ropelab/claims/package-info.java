/** Checking a claim: verdict lines, the error that stops a notebook, and the tensor helpers the checks share. */
package org.ropelab.claims;
