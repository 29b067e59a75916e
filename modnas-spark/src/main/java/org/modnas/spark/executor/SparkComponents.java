package org.modnas.spark.executor;

import org.modnas.core.estim.Estimator;
import org.modnas.core.registry.ComponentProvider;
import org.modnas.core.registry.ComponentSpec;
import org.modnas.core.registry.Registry;

/** Registers the estimators of this module: {@code SleepEstimator} and {@code NoOpEstimator}. */
public final class SparkComponents implements ComponentProvider {
    @Override
    public void register(Registry registry) {
        registry.register(ComponentSpec.builder(Estimator.KIND, "SleepEstimator")
                .aliases("SleepEstim")
                .defaults("seconds = 1.0")
                .description("sleeps a fixed time per candidate and returns a deterministic synthetic accuracy")
                .factory(a -> new SleepEstimator(a.config().getDouble("seconds"))));
        registry.register(ComponentSpec.builder(Estimator.KIND, "NoOpEstimator")
                .aliases("NoOpEstim")
                .description("returns a deterministic synthetic accuracy at once")
                .factory(a -> new NoOpEstimator()));
    }
}
