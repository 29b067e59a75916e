package org.modnas.spark.table;

import java.util.Map;

/**
 * One row of the candidates table, as the driver writes it. Boxed fields are null when
 * the status does not allow a value (no metrics for a FAILED candidate, no error for an OK one).
 *
 * @param arch    param name → chosen value as text, in param order
 * @param metrics every metric the estimator returned, including those with their own column
 * @param gpu     the GPU address Spark assigned the candidate's task, or null
 * @param device  where it trained: {@code cpu} or {@code gpu:<address>}
 */
public record CandidateRow(String runId, String candidateId, long seq, int generation, String optimizer,
                           String archDesc, Map<String, String> arch, String status, Double score,
                           Double accuracy, Double loss, Long params, Long macs, Double latencyMs,
                           Double trainSeconds, Integer epochs, Map<String, Double> metrics,
                           String executorId, String host, String gpu, String device, Integer attempt, String error,
                           Long startedAtMs, Long finishedAtMs, long seed, String configHash, String version) {
    public boolean ok() {
        return "OK".equals(status);
    }
}
