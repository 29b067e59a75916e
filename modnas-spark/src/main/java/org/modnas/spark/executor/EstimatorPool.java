package org.modnas.spark.executor;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.modnas.core.estim.CandidateEstimator;
import org.modnas.core.estim.Estimator;
import org.modnas.core.estim.SupernetWeights;
import org.modnas.core.registry.Registry;

/**
 * The per-executor-JVM cache of candidate estimators: an estimator (with the data it
 * loaded) is built once per search config and reused by every later task of that search in this
 * JVM. An estimator evaluates one candidate at a time, so concurrent tasks in one JVM each take
 * their own instance from the pool; an instance whose candidate timed out may still be running
 * and is dropped instead of returned. Estimators that select on a supernet handed on by an earlier
 * chain stage are pooled per supernet.
 */
public final class EstimatorPool {
    private static final Map<String, ConcurrentLinkedDeque<CandidateEstimator>> IDLE = new ConcurrentHashMap<>();

    private EstimatorPool() {
    }

    /**
     * An idle estimator for this config, estimator section and handed-on supernet (null for none),
     * built when none is idle.
     */
    public static CandidateEstimator acquire(String configHash, String configText, String estimatorPath,
                                             SupernetBroadcast supernet) {
        CandidateEstimator e = IDLE.computeIfAbsent(key(configHash, estimatorPath, supernet), k -> new ConcurrentLinkedDeque<>())
                .pollFirst();
        return e != null ? e : build(configText, estimatorPath, supernet == null ? null : supernet.weights());
    }

    /** Returns an estimator that finished its candidate, for the next task. */
    public static void release(String configHash, String estimatorPath, SupernetBroadcast supernet, CandidateEstimator estimator) {
        IDLE.computeIfAbsent(key(configHash, estimatorPath, supernet), k -> new ConcurrentLinkedDeque<>()).addFirst(estimator);
    }

    /**
     * Builds the estimator configured at {@code estimatorPath} (a section with {@code type} and
     * arguments), handing it {@code supernet} when not null.
     */
    public static CandidateEstimator build(String configText, String estimatorPath, SupernetWeights supernet) {
        Config config = ConfigFactory.parseString(configText);
        // estimators that train read the data, trainer and search_space sections of the whole config
        Map<Class<?>, Object> context = new HashMap<>();
        context.put(Config.class, config);
        if (supernet != null) {
            context.put(SupernetWeights.class, supernet);
        }
        Estimator e = Registry.global().build(Estimator.KIND, config.getConfig(estimatorPath), context);
        if (!(e instanceof CandidateEstimator ce)) {
            throw new IllegalArgumentException("estimator at '" + estimatorPath + "' (" + e.getClass().getSimpleName()
                    + ") does not evaluate single candidates, so it cannot run as a Spark task");
        }
        return ce;
    }

    private static String key(String configHash, String estimatorPath, SupernetBroadcast supernet) {
        return configHash + "|" + estimatorPath + (supernet == null ? "" : "|" + supernet.hash());
    }
}
