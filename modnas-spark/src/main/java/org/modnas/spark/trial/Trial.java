package org.modnas.spark.trial;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.modnas.core.arch.ArchDesc;
import org.modnas.core.estim.CandidateStatus;
import org.modnas.core.estim.Fidelity;

/**
 * One evaluation of one candidate: at one rung under a multi-fidelity scheduler, else its whole
 * training. The driver makes it from an optimizer's proposal (or a promotion), ships it to an
 * executor inside a task, gets it back with its {@link Result}, and turns it into a row of the
 * candidates table. This is the only shape a candidate takes between the optimizer and the table.
 *
 * @param seq         the candidate's proposal number in the run
 * @param candidateId the content hash of its arch desc
 * @param descJson    its canonical JSON arch desc
 * @param seed        its seed (weights, data order)
 * @param generation  the optimizer's generation when it was proposed
 * @param bracket     its Hyperband bracket (0 otherwise)
 * @param rung        the rung this evaluation reaches (0 without a scheduler)
 * @param fidelity    the slice of training this evaluation runs, or null without a scheduler
 * @param result      how it ended, or null until it ran
 */
public record Trial(long seq, String candidateId, String descJson, long seed, int generation, int bracket, int rung,
                    Fidelity fidelity, Result result) implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * How one evaluation ended and where it ran.
     *
     * @param status   OK, FAILED or TIMEOUT (PRUNED is the driver's decision, never an executor's)
     * @param metrics  metric name → value; empty unless OK
     * @param error    the reason when not OK
     * @param gpu      the GPU address Spark gave the task, or null
     * @param device   where it trained: {@code cpu} or {@code gpu:<address>}; null when it did not get that far
     * @param attempt  Spark's attempt number of the task, -1 when the driver gave up on the task
     * @param fatal    true when no candidate of the search can run there either (the search stops)
     */
    public record Result(CandidateStatus status, Map<String, Double> metrics, String error, String executorId,
                         String host, String gpu, String device, int attempt, long startedAtMs, long finishedAtMs,
                         boolean fatal) implements Serializable {
        private static final long serialVersionUID = 1L;

        public Result {
            metrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        }

        /** A failure decided on the driver (Spark could not run the task). */
        public static Result driverFailure(String error) {
            long now = System.currentTimeMillis();
            return new Result(CandidateStatus.FAILED, Map.of(), error, null, null, null, null, -1, now, now, false);
        }
    }

    /** A new candidate's first evaluation. */
    public static Trial of(long seq, ArchDesc desc, long seed, int generation, int bracket, Fidelity fidelity) {
        return new Trial(seq, desc.hash(), desc.toJson(), seed, generation, bracket, 0, fidelity, null);
    }

    /** The same candidate's evaluation at the next rung it was promoted to. */
    public Trial promoted(int toRung, Fidelity slice) {
        return new Trial(seq, candidateId, descJson, seed, generation, bracket, toRung, slice, null);
    }

    /** This trial with its result. */
    public Trial with(Result r) {
        return new Trial(seq, candidateId, descJson, seed, generation, bracket, rung, fidelity, r);
    }

    public ArchDesc desc() {
        return ArchDesc.parseCanonical(descJson);
    }

    /** The (candidate, rung) this trial evaluates: at most one row of the table has it. */
    public String key() {
        return key(candidateId, rung);
    }

    public static String key(String candidateId, int rung) {
        return candidateId + "@" + rung;
    }

    @Override
    public String toString() {
        return "Trial(#" + seq + " " + candidateId + " rung " + rung + (result == null ? "" : ", " + result.status()
                + " " + result.metrics() + (result.error() == null ? "" : ", " + result.error().lines().findFirst().orElse(""))) + ")";
    }
}
