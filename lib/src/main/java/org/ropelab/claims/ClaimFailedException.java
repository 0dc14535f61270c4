package org.ropelab.claims;

/** Thrown when a claim check fails, so that the notebook run fails with it. */
public final class ClaimFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ClaimFailedException(Verdict verdict) {
        super(verdict.toString());
    }
}
