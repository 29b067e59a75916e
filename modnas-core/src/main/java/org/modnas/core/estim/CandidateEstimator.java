package org.modnas.core.estim;

import java.util.Map;
import org.modnas.core.arch.ArchDesc;

/**
 * An estimator whose work splits into independent candidates: desc in, metrics out (e.g.
 * SubNetEstimator). This is the unit a Spark task runs and the local search loop runs
 * in-process. One instance may evaluate many candidates in sequence, never two at once.
 */
public interface CandidateEstimator extends Estimator, AutoCloseable {
    /**
     * Builds, trains and scores one candidate and returns its metrics, named as the columns of the
     * candidates table ({@code accuracy}, {@code loss}, {@code params}, {@code macs},
     * {@code latency_ms}, {@code train_seconds}, {@code epochs}, ...). Throws on any fault in this
     * candidate ({@link CandidateFailure} for a diagnosed one such as a NaN loss); calls
     * {@link CandidateContext#checkDeadline()} between steps so a time-out ends it promptly.
     */
    Map<String, Double> evaluate(ArchDesc desc, CandidateContext context) throws Exception;

    /**
     * True when {@link #evaluate} honours {@link CandidateContext#fidelity()}: trains only the given
     * slice, resuming from and saving a checkpoint, so a multi-fidelity scheduler can stop a
     * candidate at a rung and continue it later on any executor. The default is false.
     */
    default boolean trainsInSlices() {
        return false;
    }

    /** Releases what the estimator holds (data, native memory); the default does nothing. */
    @Override
    default void close() {
    }
}
