package org.modnas.core.search;

import com.typesafe.config.Config;

/**
 * When a search stops: after {@code candidates} evaluations, after {@code seconds} of
 * wall time (0 = no limit), or once a candidate reaches {@code targetScore} (NaN = none); and
 * always when the optimizer has exhausted the space.
 */
public record Budget(int candidates, double seconds, double targetScore) {
    public Budget {
        if (candidates <= 0) {
            throw new IllegalArgumentException("search.budget.candidates must be > 0, got " + candidates);
        }
        if (seconds < 0) {
            throw new IllegalArgumentException("search.budget.seconds must be >= 0 (0 = no limit), got " + seconds);
        }
    }

    /** Reads {@code search.budget}. */
    public static Budget from(Config budget) {
        return new Budget(budget.getInt("candidates"), budget.getDouble("seconds"),
                budget.hasPath("target_score") ? budget.getDouble("target_score") : Double.NaN);
    }

    /** True when {@code score} reaches the target. */
    public boolean reached(double score) {
        return !Double.isNaN(targetScore) && score >= targetScore;
    }
}
