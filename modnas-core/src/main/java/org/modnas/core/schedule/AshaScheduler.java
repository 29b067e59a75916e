package org.modnas.core.schedule;

import org.modnas.core.estim.Fidelity;

/**
 * ASHA as a {@link TrialScheduler}: a trial that reports below the last rung pauses; whenever a slot
 * frees, {@link Asha} promotes the best not-yet-promoted trial of the highest rung that has one in
 * its top ⌊n/η⌋, and the driver starts a new trial only when there is none. A paused trial's
 * checkpoint is kept until it can never enter the top ⌊n/η⌋ of its rung however many trials the
 * budget still starts.
 */
public final class AshaScheduler extends SingleBracket {
    /** Registered name. */
    public static final String NAME = "ASHA";

    private final Asha asha;

    public AshaScheduler(Rungs rungs, Fidelity.Unit unit) {
        super(rungs, unit);
        this.asha = new Asha(rungs);
    }

    @Override
    public Fate report(String trial, int bracket, int rung, double value) {
        asha.report(trial, rung, value);
        return last(rung) ? Fate.COMPLETE : Fate.PAUSE;
    }

    @Override
    public void record(String trial, int bracket, int rung, double value) {
        asha.report(trial, rung, value);
    }

    @Override
    public Decision.Promote promote() {
        return asha.next() instanceof Decision.Promote p ? p : null;
    }

    @Override
    public boolean isPromoted(String trial, int bracket, int rung) {
        return asha.isPromoted(trial, rung);
    }

    @Override
    public void markPromoted(String trial, int bracket, int rung) {
        asha.markPromoted(trial, rung);
    }

    @Override
    public boolean hopeless(String trial, int bracket, int rung, int budget) {
        Rungs rungs = rungs(0);
        if (last(rung) || asha.isPromoted(trial, rung)) {
            return false;
        }
        int most = budget; // the most trials rung k can ever hold: the budget, then ⌊n/η⌋ of the rung below
        for (int k = 0; k < rung; k++) {
            most = rungs.promotable(most);
        }
        return asha.better(trial, rung) >= rungs.promotable(most);
    }
}
