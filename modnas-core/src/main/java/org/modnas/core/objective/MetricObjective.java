package org.modnas.core.objective;

import java.util.List;
import java.util.Map;

/**
 * The default objective: one metric, maximised (validation accuracy by default) or
 * minimised (the score is then the metric's negation).
 */
public final class MetricObjective implements Objective {
    private final String metric;
    private final boolean maximize;

    public MetricObjective(String metric, boolean maximize) {
        this.metric = Objective.requireMetric(metric, "metric");
        this.maximize = maximize;
    }

    /** Validation accuracy, maximised. */
    public static MetricObjective accuracy() {
        return new MetricObjective("accuracy", true);
    }

    public String metric() {
        return metric;
    }

    public boolean maximize() {
        return maximize;
    }

    @Override
    public double score(Map<String, Double> metrics) {
        double v = Objective.value(metrics, metric);
        return maximize ? v : -v;
    }

    @Override
    public List<String> metrics() {
        return List.of(metric);
    }

    @Override
    public String toString() {
        return "MetricObjective(" + (maximize ? "max " : "min ") + metric + ")";
    }
}
