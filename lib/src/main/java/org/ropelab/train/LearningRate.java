package org.ropelab.train;

/**
 * A step-size schedule: a linear warm-up from {@code peak/warmup} to {@code peak} over the first
 * {@code warmup} steps, then a cosine decay to {@code end·peak} at the last step. Immutable.
 *
 * @param peak the largest step size (positive)
 * @param warmup the number of warm-up steps (at least 0)
 * @param end the last step's size as a fraction of {@code peak}, in {@code [0, 1]}
 */
public record LearningRate(double peak, int warmup, double end) {
    /** Validates the schedule. */
    public LearningRate {
        if (!(peak > 0) || Double.isInfinite(peak)) {
            throw new IllegalArgumentException("peak must be positive and finite, got " + peak);
        }
        if (warmup < 0) {
            throw new IllegalArgumentException("warmup must be at least 0, got " + warmup);
        }
        if (!(end >= 0 && end <= 1)) {
            throw new IllegalArgumentException("end must be in [0, 1], got " + end);
        }
    }

    /** Returns the constant schedule {@code lr} (no warm-up, no decay). */
    public static LearningRate constant(double lr) {
        return new LearningRate(lr, 0, 1);
    }

    /**
     * Returns the step size at step {@code s} of {@code steps}: {@code peak·(s+1)/warmup} for
     * {@code s < warmup}, else {@code peak·(end + (1 − end)·(1 + cos(π·u))/2)},
     * {@code u = (s − warmup)/(steps − 1 − warmup)} (0 when there is a single step after warm-up).
     */
    public double at(int s, int steps) {
        if (steps < 1 || s < 0 || s >= steps) {
            throw new IllegalArgumentException("s must be in [0, steps) with steps ≥ 1, got s = " + s + ", steps = " + steps);
        }
        if (s < warmup) {
            return peak * (s + 1) / warmup;
        }
        int span = steps - 1 - warmup;
        double u = span <= 0 ? 0 : (double) (s - warmup) / span;
        return peak * (end + (1 - end) * (1 + Math.cos(Math.PI * u)) / 2);
    }
}
