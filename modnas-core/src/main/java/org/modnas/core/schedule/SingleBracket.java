package org.modnas.core.schedule;

import org.modnas.core.estim.Fidelity;

/** What successive halving and ASHA share as schedulers: one bracket of rungs over one resource. */
abstract class SingleBracket implements TrialScheduler {
    private final Fidelity.Unit unit;
    private final Rungs rungs;

    SingleBracket(Rungs rungs, Fidelity.Unit unit) {
        this.rungs = rungs;
        this.unit = unit;
    }

    @Override
    public final Fidelity.Unit unit() {
        return unit;
    }

    @Override
    public final int bracketOf(long seq) {
        return 0;
    }

    @Override
    public final Rungs rungs(int bracket) {
        return rungs;
    }

    /** Whether {@code rung} is the last. */
    final boolean last(int rung) {
        return rung == rungs.count() - 1;
    }
}
