package org.modnas.spark.executor;

import java.io.IOException;
import java.util.Map;
import org.modnas.core.arch.ArchDesc;
import org.modnas.core.estim.CandidateContext;
import org.modnas.core.estim.CandidateEstimator;
import org.modnas.core.estim.CandidateTimeout;
import org.modnas.core.estim.Fidelity;
import org.modnas.core.store.Location;

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

    /**
     * Under a multi-fidelity scheduler it sleeps its share of {@code seconds} for the slice, checks
     * that the checkpoint it continues from is there and names the resource it resumes at, and
     * leaves one naming the resource it reached; its accuracy grows with the resource.
     */
    @Override
    public boolean trainsInSlices() {
        return true;
    }

    @Override
    public Map<String, Double> evaluate(ArchDesc desc, CandidateContext context) throws IOException {
        Fidelity f = context.fidelity();
        if (f != null && f.resumeFrom() != null) {
            String at = Location.of(f.resumeFrom()).readString().trim();
            if (Double.parseDouble(at) != f.from()) {
                throw new IllegalStateException("checkpoint " + f.resumeFrom() + " is at " + at + ", the slice starts at " + f.from());
            }
        }
        long start = System.nanoTime();
        double share = f == null ? 1 : (f.to() - f.from()) / f.max();
        long end = start + (long) (seconds * share * 1e9);
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
        if (f != null) {
            m.put("accuracy", m.get("accuracy") * (0.5 + 0.5 * f.to() / f.max()));
            m.put("loss", 1.0 - m.get("accuracy"));
            m.put("steps", f.to());
            if (f.saveTo() != null) {
                Location.of(f.saveTo()).write(Double.toString(f.to()));
            }
        }
        double took = (System.nanoTime() - start) / 1e9;
        m.put("train_seconds", took);
        m.put("latency_ms", took * 1000);
        m.put("epochs", 1.0);
        return m;
    }
}
