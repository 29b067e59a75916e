package org.modnas.core.estim;

import java.io.Serializable;
import java.util.Map;
import org.modnas.core.arch.ArchDesc;

/**
 * The outcome of one candidate's evaluation, as the estimator and its runner know it.
 * Where it ran (executor, host, GPU, attempt) is added by the distributed layer.
 *
 * @param desc          the architecture
 * @param status        OK, FAILED or TIMEOUT
 * @param metrics       metric name → value (empty when not OK, or partial)
 * @param error         the error text when not OK, else null
 * @param startedAtMs   wall-clock start, epoch milliseconds
 * @param finishedAtMs  wall-clock end, epoch milliseconds
 */
public record CandidateResult(ArchDesc desc, CandidateStatus status, Map<String, Double> metrics, String error,
                              long startedAtMs, long finishedAtMs) implements Serializable {
    public CandidateResult {
        metrics = Map.copyOf(metrics);
    }

    public boolean ok() {
        return status == CandidateStatus.OK;
    }

    /** A metric, or NaN when absent. */
    public double metric(String name) {
        Double v = metrics.get(name);
        return v == null ? Double.NaN : v;
    }
}
