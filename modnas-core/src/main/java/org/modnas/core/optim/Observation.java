package org.modnas.core.optim;

import org.modnas.core.arch.ArchDesc;

/**
 * The outcome of one evaluated candidate as an optimizer sees it: its desc and scalar score
 * (higher is better). A failed or timed-out candidate has score {@code NaN}: it counts as
 * evaluated, never as good.
 */
public record Observation(ArchDesc desc, double score) {
    public static Observation failed(ArchDesc desc) {
        return new Observation(desc, Double.NaN);
    }

    public boolean ok() {
        return !Double.isNaN(score);
    }
}
