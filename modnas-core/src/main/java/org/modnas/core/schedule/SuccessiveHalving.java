package org.modnas.core.schedule;

/**
 * Successive halving as Optuna's {@code SuccessiveHalvingPruner} decides it: when a trial reports
 * its value at rung k, it goes on to rung k + 1 if that value ranks within the top ⌊n/η⌋ (at least
 * 1) of the n values recorded at rung k so far, itself included; otherwise it stops there. A trial
 * at the last rung is complete.
 */
public final class SuccessiveHalving {
    private final Rungs rungs;
    private final RungRecords records;

    public SuccessiveHalving(Rungs rungs) {
        this.rungs = rungs;
        this.records = new RungRecords(rungs.count());
    }

    public Rungs rungs() {
        return rungs;
    }

    /** What happens to a trial after it reported {@code value} at {@code rung}. */
    public enum Outcome { PROMOTED, STOPPED, COMPLETE }

    /** True when {@code trial} was promoted from {@code rung}. */
    public boolean isPromoted(String trial, int rung) {
        return records.isPromoted(trial, rung);
    }

    /** Marks {@code trial} as promoted from {@code rung} (a resumed search replaying its table). */
    public void markPromoted(String trial, int rung) {
        records.markPromoted(trial, rung);
    }

    /** Records the value without deciding (a resumed search replaying its table). */
    public void record(String trial, int rung, double value) {
        records.record(trial, rung, value);
    }

    /** Records the value and decides. */
    public Outcome report(String trial, int rung, double value) {
        records.record(trial, rung, value);
        if (rung == rungs.count() - 1) {
            return Outcome.COMPLETE;
        }
        if (records.inTop(trial, rung, rungs.promotable(records.size(rung)))) {
            records.markPromoted(trial, rung);
            return Outcome.PROMOTED;
        }
        return Outcome.STOPPED;
    }
}
