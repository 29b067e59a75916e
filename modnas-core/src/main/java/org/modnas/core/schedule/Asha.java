package org.modnas.core.schedule;

import java.util.List;

/**
 * Asynchronous successive halving (Li et al. 2020) with real promotion: whenever a slot frees, the
 * best not-yet-promoted trial of the highest rung that has one in its top ⌊n/η⌋ (at least 1) goes
 * on to the next rung; otherwise a new trial starts at the bottom rung. No slot waits for a rung to
 * fill.
 */
public final class Asha {
    private final Rungs rungs;
    private final RungRecords records;

    public Asha(Rungs rungs) {
        this.rungs = rungs;
        this.records = new RungRecords(rungs.count());
    }

    public Rungs rungs() {
        return rungs;
    }

    /** Records a trial's value at a rung (higher is better). */
    public void report(String trial, int rung, double value) {
        records.record(trial, rung, value);
    }

    /** True when {@code trial} was promoted from {@code rung}. */
    public boolean isPromoted(String trial, int rung) {
        return records.isPromoted(trial, rung);
    }

    /** Marks {@code trial} as promoted from {@code rung}. */
    public void markPromoted(String trial, int rung) {
        records.markPromoted(trial, rung);
    }

    /** How many values recorded at {@code rung} are better than {@code trial}'s there. */
    public int better(String trial, int rung) {
        return records.better(trial, rung);
    }

    /** What the next free slot runs; a promotion is marked as taken. */
    public Decision next() {
        for (int k = rungs.count() - 2; k >= 0; k--) {
            List<String> candidates = records.promotableCandidates(k, rungs.promotable(records.size(k)));
            if (!candidates.isEmpty()) {
                records.markPromoted(candidates.get(0), k);
                return new Decision.Promote(candidates.get(0), k + 1);
            }
        }
        return new Decision.Start(0);
    }
}
