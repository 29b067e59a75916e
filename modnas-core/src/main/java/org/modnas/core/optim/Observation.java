package org.modnas.core.optim;

import org.modnas.core.arch.ArchDesc;

/**
 * The outcome of one evaluated candidate as an optimizer sees it: its desc and scalar score
 * (higher is better), and the rung of a multi-fidelity schedule that score was measured at (the
 * highest the candidate reached; 0 without early stopping). A failed or timed-out candidate has
 * score {@code NaN}: it counts as evaluated, never as good.
 */
public record Observation(ArchDesc desc, double score, int rung) {
    /** A candidate scored after its whole training (rung 0 of a search without early stopping). */
    public Observation(ArchDesc desc, double score) {
        this(desc, score, 0);
    }

    public static Observation failed(ArchDesc desc) {
        return new Observation(desc, Double.NaN);
    }

    public boolean ok() {
        return !Double.isNaN(score);
    }
}
