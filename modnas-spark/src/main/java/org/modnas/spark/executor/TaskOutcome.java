package org.modnas.spark.executor;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one candidate task sends back to the driver: how the evaluation ended, its
 * metrics, and where and when it ran. It is the only object a task returns, so it is the class
 * the project's Kryo registrator must cover; its serializer writes the fields by hand.
 */
public final class TaskOutcome implements Serializable {
    private static final long serialVersionUID = 1L;

    public final long seq;
    public final String candidateId;
    /** OK, FAILED or TIMEOUT. */
    public final String status;
    /** Metric name → value; empty unless OK. */
    public final Map<String, Double> metrics;
    public final String error;
    public final String executorId;
    public final String host;
    /** The GPU address Spark gave the task, or null when it gave none. */
    public final String gpu;
    /** Where the candidate trained: {@code cpu} or {@code gpu:<address>}; null when it did not get that far. */
    public final String device;
    public final int attempt;
    public final long startedAtMs;
    public final long finishedAtMs;
    /** True when no candidate of the search can run here either (e.g. a GPU was required and there is none): the search stops. */
    public final boolean fatal;

    public TaskOutcome(long seq, String candidateId, String status, Map<String, Double> metrics, String error,
                       String executorId, String host, String gpu, String device, int attempt, long startedAtMs,
                       long finishedAtMs, boolean fatal) {
        this.seq = seq;
        this.candidateId = candidateId;
        this.status = status;
        this.metrics = Map.copyOf(new LinkedHashMap<>(metrics));
        this.error = error;
        this.executorId = executorId;
        this.host = host;
        this.gpu = gpu;
        this.device = device;
        this.attempt = attempt;
        this.startedAtMs = startedAtMs;
        this.finishedAtMs = finishedAtMs;
        this.fatal = fatal;
    }

    @Override
    public String toString() {
        return "TaskOutcome(" + seq + ", " + candidateId + ", " + status + ", " + metrics
                + (error == null ? "" : ", error=" + error.lines().findFirst().orElse("")) + ")";
    }
}
