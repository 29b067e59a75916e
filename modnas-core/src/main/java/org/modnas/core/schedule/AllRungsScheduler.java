package org.modnas.core.schedule;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import org.modnas.core.estim.Fidelity;

/**
 * No early stopping, but a row at every rung: each trial reports at each rung and goes on to the
 * next until the last, continued from its checkpoint on the learning-rate schedule of the last rung.
 * Its table holds every candidate's score along one training run at each rung's resource: what early
 * stopping would have seen, the ground truth that a table-replaying benchmark answers queries from.
 */
public final class AllRungsScheduler extends SingleBracket {
    /** Registered name. */
    public static final String NAME = "AllRungs";

    private final Deque<Decision.Promote> queue = new ArrayDeque<>();
    private final Set<String> promoted = new HashSet<>();

    public AllRungsScheduler(Rungs rungs, Fidelity.Unit unit) {
        super(rungs, unit);
    }

    @Override
    public Fate report(String trial, int bracket, int rung, double value) {
        if (last(rung)) {
            return Fate.COMPLETE;
        }
        if (promoted.add(key(trial, rung))) {
            queue.add(new Decision.Promote(trial, rung + 1));
        }
        return Fate.CONTINUE;
    }

    @Override
    public void record(String trial, int bracket, int rung, double value) {
        // every trial goes on: a value decides nothing
    }

    @Override
    public Decision.Promote promote() {
        return queue.poll();
    }

    @Override
    public boolean isPromoted(String trial, int bracket, int rung) {
        return promoted.contains(key(trial, rung));
    }

    @Override
    public void markPromoted(String trial, int bracket, int rung) {
        promoted.add(key(trial, rung));
        queue.removeIf(p -> p.trial().equals(trial) && p.rung() == rung + 1);
    }

    @Override
    public boolean hopeless(String trial, int bracket, int rung, int budget) {
        return false;
    }

    private static String key(String trial, int rung) {
        return trial + "@" + rung;
    }
}
