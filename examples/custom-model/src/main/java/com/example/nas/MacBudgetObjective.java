package com.example.nas;

import java.util.List;
import java.util.Map;
import org.modnas.core.objective.Objective;

/**
 * An objective of its own: validation accuracy, less {@code penalty} for every doubling of the
 * candidate's multiply-accumulates above {@code target_macs}:
 * {@code accuracy - penalty * max(0, log2(macs / target_macs))}.
 */
public final class MacBudgetObjective implements Objective {
    /** The arguments and their defaults. */
    public static final String DEFAULTS = "target_macs = 1000000, penalty = 0.05";

    private final double targetMacs;
    private final double penalty;

    public MacBudgetObjective(double targetMacs, double penalty) {
        if (!(targetMacs > 0) || !(penalty >= 0)) {
            throw new IllegalArgumentException("MacBudgetObjective needs target_macs > 0 and penalty >= 0, got "
                    + targetMacs + " and " + penalty);
        }
        this.targetMacs = targetMacs;
        this.penalty = penalty;
    }

    @Override
    public double score(Map<String, Double> metrics) {
        double accuracy = Objective.value(metrics, "accuracy");
        double macs = Objective.value(metrics, "macs");
        return accuracy - penalty * Math.max(0, Math.log(macs / targetMacs) / Math.log(2));
    }

    @Override
    public List<String> metrics() {
        return List.of("accuracy", "macs");
    }
}
