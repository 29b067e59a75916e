package org.modnas.spark.executor;

import java.util.List;
import org.modnas.core.estim.Estimator;
import org.modnas.core.registry.ComponentProvider;
import org.modnas.core.registry.ComponentSpec;
import org.modnas.core.registry.Registry;

/**
 * Registers the estimators of this module ({@code SleepEstimator}, {@code NoOpEstimator} and the
 * {@code TableEstimator} that replays a ground-truth table) and the ranges of the {@code spark} settings.
 */
public final class SparkComponents implements ComponentProvider {
    @Override
    public void register(Registry registry) {
        for (String key : List.of("candidate_timeout_s", "slots", "queue_depth", "task_target_s", "flush_interval_s",
                "snapshot_interval_s", "executor_wait_s")) {
            registry.registerRange("spark." + key, ">= 0");
        }
        registry.registerRange("spark.max_candidates_per_task", ">= 1");
        registry.registerRange("spark.flush_rows", ">= 1");
        registry.registerRange("spark.master_timeout_s", "> 0");
        registry.registerRange("ui.port", "[0, 65535]");
        registry.registerRange("search.prefilter.candidates", ">= 0");
        registry.registerRange("search.prefilter.top", ">= 1");
        registry.registerSlot("search.prefilter.estim", Estimator.KIND);
        registry.register(ComponentSpec.builder(Estimator.KIND, "SleepEstimator")
                .aliases("SleepEstim")
                .defaults("seconds = 1.0")
                .ranges("seconds", ">= 0")
                .description("sleeps a fixed time per candidate and returns a deterministic synthetic accuracy")
                .factory(a -> new SleepEstimator(a.config().getDouble("seconds"))));
        registry.register(ComponentSpec.builder(Estimator.KIND, "NoOpEstimator")
                .aliases("NoOpEstim")
                .description("returns a deterministic synthetic accuracy at once")
                .factory(a -> new NoOpEstimator()));
        registry.register(ComponentSpec.builder(Estimator.KIND, org.modnas.spark.replay.TableEstimator.NAME)
                .aliases("TableEstim", "ReplayEstimator")
                .defaults(org.modnas.spark.replay.TableEstimator.DEFAULTS)
                .ranges("time_scale", ">= 0")
                .description("answers each candidate (at its rung's resource) from a ground-truth table, training nothing")
                .factory(a -> new org.modnas.spark.replay.TableEstimator(a.config())));
    }
}
