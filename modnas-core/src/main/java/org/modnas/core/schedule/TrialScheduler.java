package org.modnas.core.schedule;

import org.modnas.core.estim.Fidelity;
import org.modnas.core.registry.Kind;

/**
 * A multi-fidelity scheduler as the search driver sees it: which rungs a trial passes, what becomes
 * of a trial once it reports its value at a rung, and which stopped trial continues next. It decides
 * only; where trials run and where results are stored is the driver's business. Higher values are
 * better. A trial is named by its candidate id.
 *
 * <p>The driver asks {@link #promote()} whenever a task slot is free, before it starts a new trial,
 * so promotions always run first.
 */
public interface TrialScheduler {
    Kind<TrialScheduler> KIND = Kind.of("scheduler", TrialScheduler.class);

    /** What becomes of a trial after it reported at a rung. */
    enum Fate {
        /** It goes on to the next rung ({@link #promote()} hands it out). */
        CONTINUE,
        /** It stops here for now; ASHA may still promote it later. */
        PAUSE,
        /** It stops here for good. */
        STOP,
        /** It reached the last rung. */
        COMPLETE
    }

    /** What the resource counts. */
    Fidelity.Unit unit();

    /** The bracket of the trial proposed {@code seq}-th (0 but under Hyperband). */
    int bracketOf(long seq);

    /** The rungs of bracket {@code bracket}. */
    Rungs rungs(int bracket);

    /** Records a trial's value at a rung (the first report of a (trial, rung) counts) and decides its fate. */
    Fate report(String trial, int bracket, int rung, double value);

    /** The next trial to continue, taken (it is not handed out again), or null when none may now. */
    Decision.Promote promote();

    /** True when {@code trial} was promoted from {@code rung}. */
    boolean isPromoted(String trial, int bracket, int rung);

    /**
     * Records that {@code trial} was promoted from {@code rung} (a resumed search replaying its table,
     * where the trial has a row at the next rung), so it is not handed out again.
     */
    void markPromoted(String trial, int bracket, int rung);

    /**
     * Replays a result of an earlier session as it was decided then: records the value without
     * deciding again (the order results arrive in may differ between sessions) and marks the trial
     * promoted from the rung when it was. The caller runs a promotion that was decided but not run.
     */
    default void restore(String trial, int bracket, int rung, double value, boolean promoted) {
        record(trial, bracket, rung, value);
        if (promoted) {
            markPromoted(trial, bracket, rung);
        }
    }

    /** Records a trial's value at a rung without deciding anything. */
    void record(String trial, int bracket, int rung, double value);

    /**
     * True when {@code trial}, stopped at {@code rung}, can never be promoted, given that the search
     * starts at most {@code budget} trials: its checkpoint can be deleted.
     */
    boolean hopeless(String trial, int bracket, int rung, int budget);
}
