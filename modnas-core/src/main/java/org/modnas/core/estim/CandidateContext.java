package org.modnas.core.estim;

/**
 * Where and how one candidate runs: its seed, the device (a GPU address Spark assigned the task, or
 * none for CPU), the number of CPU threads, its deadline, and under a multi-fidelity schedule the
 * slice of its training to run.
 *
 * @param seed       seed for everything random in this candidate (weights init, data order)
 * @param gpu        the GPU address to run on, or null for CPU
 * @param threads    engine threads to use (the task's cores)
 * @param deadlineNanos {@link System#nanoTime()} after which the candidate must stop; {@link Long#MAX_VALUE} for none
 * @param fidelity   the slice of training to run under a multi-fidelity schedule, or null for the
 *                   estimator's own full training
 */
public record CandidateContext(long seed, String gpu, int threads, long deadlineNanos, Fidelity fidelity) {
    public CandidateContext(long seed, String gpu, int threads, long deadlineNanos) {
        this(seed, gpu, threads, deadlineNanos, null);
    }

    /** The same context with another deadline. */
    public CandidateContext withDeadline(long nanos) {
        return new CandidateContext(seed, gpu, threads, nanos, fidelity);
    }

    public static CandidateContext cpu(long seed, int threads) {
        return new CandidateContext(seed, null, threads, Long.MAX_VALUE);
    }

    /** Throws {@link CandidateTimeout} once the deadline has passed or the thread was interrupted. */
    public void checkDeadline() {
        if (Thread.currentThread().isInterrupted()) {
            throw new CandidateTimeout("candidate interrupted");
        }
        if (deadlineNanos != Long.MAX_VALUE && System.nanoTime() - deadlineNanos > 0) {
            throw new CandidateTimeout("candidate exceeded its time limit");
        }
    }
}
