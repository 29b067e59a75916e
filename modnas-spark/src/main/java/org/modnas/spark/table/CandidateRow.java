package org.modnas.spark.table;

import java.util.LinkedHashMap;
import java.util.Map;
import org.modnas.core.arch.ArchDesc;
import org.modnas.core.estim.CandidateStatus;
import org.modnas.spark.trial.Trial;

/**
 * One row of the candidates table: one evaluation of a candidate at one rung (the only rung, 0,
 * without a multi-fidelity scheduler). Boxed fields are null when the status does not allow a
 * value (no metrics for a FAILED candidate, no error for an OK one). {@link CandidatesSchema} names
 * the columns and documents each.
 *
 * @param rung     the rung the evaluation reached
 * @param resource the training resource reached (steps or epochs), under a scheduler
 * @param bracket  the Hyperband bracket, under Hyperband
 * @param arch     param name → chosen value as text, in param order
 * @param metrics  every metric the estimator returned, including those with their own column
 * @param gpu      the GPU address Spark assigned the candidate's task, or null
 * @param device   where it trained: {@code cpu} or {@code gpu:<address>}
 */
public record CandidateRow(String runId, String candidateId, long seq, int generation, int rung, Double resource,
                           Integer bracket, String optimizer, String archDesc, Map<String, String> arch,
                           CandidateStatus status, Double score, Double accuracy, Double loss, Long params, Long macs,
                           Double latencyMs, Double trainSeconds, Integer epochs, Map<String, Double> metrics,
                           String executorId, String host, String gpu, String device, Integer attempt, String error,
                           Long startedAtMs, Long finishedAtMs, long seed, String configHash, String version) {
    /** What every row of one search shares. */
    public record Stamp(String runId, String optimizer, String configHash, String version, boolean brackets) {
    }

    /**
     * The row of a trial that ran: {@code status} is its result's, or PRUNED when a scheduler stopped
     * it after an OK evaluation; {@code score} is the objective's score of its metrics (null unless scored).
     */
    public static CandidateRow of(Trial t, Stamp stamp, CandidateStatus status, Double score) {
        Trial.Result r = t.result();
        ArchDesc desc = t.desc();
        Map<String, String> arch = new LinkedHashMap<>();
        for (int i = 0; i < desc.size(); i++) {
            arch.put(desc.names().get(i), String.valueOf(desc.value(i)));
        }
        boolean scored = status.scored();
        Map<String, Double> m = r.metrics();
        return new CandidateRow(stamp.runId(), t.candidateId(), t.seq(), t.generation(), t.rung(),
                t.fidelity() == null ? null : t.fidelity().to(), stamp.brackets() ? t.bracket() : null, stamp.optimizer(),
                t.descJson(), arch, status, score, m.get("accuracy"), m.get("loss"), asLong(m.get("params")),
                asLong(m.get("macs")), m.get("latency_ms"), m.get("train_seconds"),
                m.get("epochs") == null ? null : (int) Math.round(m.get("epochs")), scored ? m : null, r.executorId(),
                r.host(), r.gpu(), r.device(), r.attempt() < 0 ? null : r.attempt(), scored ? null : r.error(),
                r.startedAtMs(), r.finishedAtMs(), t.seed(), stamp.configHash(), stamp.version());
    }

    private static Long asLong(Double v) {
        return v == null ? null : Math.round(v);
    }

    public boolean ok() {
        return status == CandidateStatus.OK;
    }

    /** True when the evaluation finished with metrics and a score (OK or PRUNED). */
    public boolean scored() {
        return status != null && status.scored();
    }

    /** The (candidate, rung) this row is of. */
    public String key() {
        return Trial.key(candidateId, rung);
    }
}
