package org.modnas.core.objective;

import java.util.List;
import java.util.Map;
import org.modnas.core.registry.Kind;

/**
 * Turns a candidate's metrics into the scalar score a discrete optimizer learns from, higher is
 * better ("discrete optimizers learn from a scalar score computed from metrics by a
 * configurable objective"). Metric names are the candidates table's column names.
 */
public interface Objective {
    /** The registry kind of objectives. */
    Kind<Objective> KIND = Kind.of("objective", Objective.class);

    /**
     * The metric names an objective may use: the metric columns of the candidates table, and the
     * zero-cost proxies a {@code ZeroCostEstimator} puts in its rows.
     */
    List<String> METRICS = List.of("accuracy", "top5", "loss", "params", "macs", "latency_ms", "train_seconds", "epochs",
            "synflow", "naswot", "grad_norm", "snip", "jacob_cov");

    /** The score, or NaN when a metric it needs is missing or not finite. */
    double score(Map<String, Double> metrics);

    /** The metrics the score reads. */
    List<String> metrics();

    /** Checks a metric name against {@link #METRICS}; {@code where} says which argument named it. */
    static String requireMetric(String name, String where) {
        if (name == null || !METRICS.contains(name)) {
            throw new IllegalArgumentException(where + ": unknown metric " + (name == null ? "null" : "'" + name + "'")
                    + "; known metrics: " + String.join(", ", METRICS));
        }
        return name;
    }

    /** A metric's value, or NaN when it is missing or not finite. */
    static double value(Map<String, Double> metrics, String name) {
        Double v = metrics == null ? null : metrics.get(name);
        return v == null || !Double.isFinite(v) ? Double.NaN : v;
    }
}
