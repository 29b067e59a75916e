package org.modnas.spark.driver;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.modnas.core.arch.ArchDesc;
import org.modnas.core.estim.CandidateResult;
import org.modnas.core.search.BestCandidate;
import org.modnas.core.search.CandidateRecord;
import org.modnas.spark.table.CandidateRow;

/**
 * The rows of a search as the driver holds them: every (candidate, rung) once, each candidate's
 * final row (the highest rung it reached), and the best candidate by {@link BestCandidate}'s rule.
 */
final class TrialRows {
    private final Map<String, CandidateRow> rows = new HashMap<>();
    private final Map<String, CandidateRow> last = new LinkedHashMap<>();
    private CandidateRow best;

    void add(CandidateRow r) {
        rows.put(r.key(), r);
        CandidateRow before = last.get(r.candidateId());
        if (before == null || r.rung() >= before.rung()) {
            last.put(r.candidateId(), r);
        }
        if (before != null && before == best) {
            best = null;
            last.values().forEach(this::consider);
        } else {
            consider(last.get(r.candidateId()));
        }
    }

    private void consider(CandidateRow r) {
        if (BestCandidate.eligible(r.ok(), r.score())
                && (best == null || BestCandidate.beats(r.score(), r.seq(), best.score(), best.seq()))) {
            best = r;
        }
    }

    /** Whether the (candidate, rung) of {@code key} has a row. */
    boolean has(String key) {
        return rows.containsKey(key);
    }

    /** The row of a (candidate, rung) key, or null. */
    CandidateRow row(String key) {
        return rows.get(key);
    }

    /** A candidate's final row, or null when it has none. */
    CandidateRow last(String candidateId) {
        return last.get(candidateId);
    }

    /** Every candidate's final row. */
    Collection<CandidateRow> finalRows() {
        return last.values();
    }

    /** Candidates with a row. */
    int candidates() {
        return last.size();
    }

    /** Rows, one per (candidate, rung). */
    int size() {
        return rows.size();
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    CandidateRow best() {
        return best;
    }

    Double bestScore() {
        return best == null ? null : best.score();
    }

    /** The final status of every candidate → how many. */
    Map<String, Integer> byStatus() {
        Map<String, Integer> out = new TreeMap<>();
        for (CandidateRow r : last.values()) {
            out.merge(r.status().name(), 1, Integer::sum);
        }
        return out;
    }

    /** Every candidate at its final row, as {@code SearchOutputs} writes them, in seq order. */
    List<CandidateRecord> records() {
        List<CandidateRecord> out = new ArrayList<>();
        last.values().stream().sorted(Comparator.comparingLong(CandidateRow::seq)).forEach(r -> {
            CandidateResult result = new CandidateResult(ArchDesc.parseCanonical(r.archDesc()), r.status(),
                    r.metrics() == null ? Map.of() : r.metrics(), r.error(),
                    r.startedAtMs() == null ? 0 : r.startedAtMs(), r.finishedAtMs() == null ? 0 : r.finishedAtMs());
            out.add(new CandidateRecord(r.seq(), r.generation(), r.seed(), result, r.score() == null ? Double.NaN : r.score()));
        });
        return out;
    }
}
