package org.modnas.core.schedule;

import java.util.ArrayDeque;
import java.util.Deque;
import org.modnas.core.estim.Fidelity;

/**
 * Successive halving as a {@link TrialScheduler}: the decision is taken when a trial reports
 * ({@link SuccessiveHalving}), a promoted trial continues at the next free slot, a stopped one never
 * does. Hyperband runs one of these per bracket.
 */
public final class SuccessiveHalvingScheduler extends SingleBracket {
    /** Registered name. */
    public static final String NAME = "SuccessiveHalving";

    private final SuccessiveHalving halving;
    private final Deque<Decision.Promote> queue = new ArrayDeque<>();

    public SuccessiveHalvingScheduler(Rungs rungs, Fidelity.Unit unit) {
        super(rungs, unit);
        this.halving = new SuccessiveHalving(rungs);
    }

    @Override
    public Fate report(String trial, int bracket, int rung, double value) {
        if (halving.isPromoted(trial, rung)) {
            return Fate.CONTINUE; // a repeated report after the promotion was already handed out
        }
        return switch (halving.report(trial, rung, value)) {
            case PROMOTED -> {
                queue.add(new Decision.Promote(trial, rung + 1));
                yield Fate.CONTINUE;
            }
            case STOPPED -> Fate.STOP;
            case COMPLETE -> Fate.COMPLETE;
        };
    }

    @Override
    public void record(String trial, int bracket, int rung, double value) {
        halving.record(trial, rung, value);
    }

    @Override
    public Decision.Promote promote() {
        return queue.poll();
    }

    @Override
    public boolean isPromoted(String trial, int bracket, int rung) {
        return halving.isPromoted(trial, rung);
    }

    @Override
    public void markPromoted(String trial, int bracket, int rung) {
        halving.markPromoted(trial, rung);
        queue.removeIf(p -> p.trial().equals(trial) && p.rung() == rung + 1);
    }

    @Override
    public boolean hopeless(String trial, int bracket, int rung, int budget) {
        return !last(rung) && !halving.isPromoted(trial, rung);
    }
}
