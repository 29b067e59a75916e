package org.modnas.spark.executor;

import java.util.Map;
import org.modnas.core.arch.ArchDesc;
import org.modnas.core.estim.CandidateContext;
import org.modnas.core.estim.CandidateEstimator;

/**
 * A candidate that costs nothing ({@code bench spark}): returns the deterministic
 * metrics of {@link SyntheticScore} at once, so a search measures the distributed loop alone.
 * Registered as {@code NoOpEstimator}.
 */
public final class NoOpEstimator implements CandidateEstimator {
    @Override
    public Map<String, Double> evaluate(ArchDesc desc, CandidateContext context) {
        Map<String, Double> m = SyntheticScore.metrics(desc);
        m.put("train_seconds", 0.0);
        m.put("latency_ms", 0.0);
        m.put("epochs", 0.0);
        return m;
    }
}
