package org.modnas.core.schedule;

import org.modnas.core.estim.Fidelity;

/**
 * Hyperband as a {@link TrialScheduler}: each trial is assigned a bracket from the seed and its
 * proposal number ({@link Hyperband#bracketOf}); within its bracket it runs successive halving with
 * that bracket's bottom rung. Promotions of the most aggressive brackets are handed out first.
 */
public final class HyperbandScheduler implements TrialScheduler {
    /** Registered name. */
    public static final String NAME = "Hyperband";

    private final Fidelity.Unit unit;
    private final Hyperband hyperband;
    private final SuccessiveHalvingScheduler[] brackets;

    public HyperbandScheduler(double minResource, double maxResource, int reductionFactor, Fidelity.Unit unit, long seed) {
        this.unit = unit;
        this.hyperband = new Hyperband(minResource, maxResource, reductionFactor, seed);
        this.brackets = new SuccessiveHalvingScheduler[hyperband.bracketCount()];
        for (int s = 0; s < brackets.length; s++) {
            brackets[s] = new SuccessiveHalvingScheduler(hyperband.bracket(s).rungs(), unit);
        }
    }

    /** The brackets, s_max + 1. */
    public int bracketCount() {
        return brackets.length;
    }

    @Override
    public Fidelity.Unit unit() {
        return unit;
    }

    @Override
    public int bracketOf(long seq) {
        return hyperband.bracketOf(seq);
    }

    @Override
    public Rungs rungs(int bracket) {
        return brackets[bracket].rungs(0);
    }

    @Override
    public Fate report(String trial, int bracket, int rung, double value) {
        return brackets[bracket].report(trial, 0, rung, value);
    }

    @Override
    public void record(String trial, int bracket, int rung, double value) {
        brackets[bracket].record(trial, 0, rung, value);
    }

    @Override
    public Decision.Promote promote() {
        for (int s = brackets.length - 1; s >= 0; s--) {
            Decision.Promote p = brackets[s].promote();
            if (p != null) {
                return p;
            }
        }
        return null;
    }

    @Override
    public boolean isPromoted(String trial, int bracket, int rung) {
        return brackets[bracket].isPromoted(trial, 0, rung);
    }

    @Override
    public void markPromoted(String trial, int bracket, int rung) {
        brackets[bracket].markPromoted(trial, 0, rung);
    }

    @Override
    public boolean hopeless(String trial, int bracket, int rung, int budget) {
        return brackets[bracket].hopeless(trial, 0, rung, budget);
    }
}
