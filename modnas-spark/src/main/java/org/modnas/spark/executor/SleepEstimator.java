package org.modnas.spark.executor;

import java.util.Map;
import org.modnas.core.arch.ArchDesc;
import org.modnas.core.estim.CandidateContext;
import org.modnas.core.estim.CandidateEstimator;
import org.modnas.core.estim.CandidateTimeout;

/**
 * A fixed-duration candidate ({@code bench spark}): sleeps {@code seconds}, checking the
 * deadline while it sleeps, and returns the deterministic metrics of {@link SyntheticScore} plus
 * {@code train_seconds}, {@code latency_ms} and {@code epochs}. Registered as {@code SleepEstimator}.
 */
public final class SleepEstimator implements CandidateEstimator {
    private static final long STEP_NANOS = 20_000_000L;
    private final double seconds;

    public SleepEstimator(double seconds) {
        if (!(seconds >= 0)) {
            throw new IllegalArgumentException("SleepEstimator seconds must be >= 0, got " + seconds);
        }
        this.seconds = seconds;
    }

    @Override
    public Map<String, Double> evaluate(ArchDesc desc, CandidateContext context) {
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        for (long left = end - start; left > 0; left = end - System.nanoTime()) {
            context.checkDeadline();
            try {
                Thread.sleep(Math.min(left, STEP_NANOS) / 1_000_000L, (int) (Math.min(left, STEP_NANOS) % 1_000_000L));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CandidateTimeout("candidate interrupted while sleeping");
            }
        }
        Map<String, Double> m = SyntheticScore.metrics(desc);
        double took = (System.nanoTime() - start) / 1e9;
        m.put("train_seconds", took);
        m.put("latency_ms", took * 1000);
        m.put("epochs", 1.0);
        return m;
    }
}
