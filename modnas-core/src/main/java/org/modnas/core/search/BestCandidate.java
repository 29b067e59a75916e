package org.modnas.core.search;

import java.util.Comparator;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * The one rule for the best candidate, which the search's outputs, the driver's progress, the
 * report, {@code show} and the dashboard all follow: a candidate that completed (OK) with a finite
 * score, the highest score winning and the earlier proposal on ties. A PRUNED score (a candidate a
 * multi-fidelity scheduler stopped early) was measured on less training and never counts.
 */
public final class BestCandidate {
    private BestCandidate() {
    }

    /** Whether a candidate of this outcome can be the best. */
    public static boolean eligible(boolean ok, Double score) {
        return ok && score != null && Double.isFinite(score);
    }

    /** Best first: the higher score, then the earlier proposal. For eligible candidates. */
    public static <T> Comparator<T> bestFirst(Function<T, Double> score, ToLongFunction<T> seq) {
        return Comparator.comparing(score, Comparator.reverseOrder()).thenComparingLong(seq);
    }

    /** Whether an eligible candidate ({@code score}, {@code seq}) beats another. */
    public static boolean beats(double score, long seq, double otherScore, long otherSeq) {
        return score > otherScore || score == otherScore && seq < otherSeq;
    }
}
