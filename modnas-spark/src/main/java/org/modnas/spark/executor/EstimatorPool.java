package org.modnas.spark.executor;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.modnas.core.estim.CandidateEstimator;
import org.modnas.core.estim.Estimator;
import org.modnas.core.registry.Registry;

/**
 * The per-executor-JVM cache of candidate estimators (SPEC §6.2): an estimator (with the data it
 * loaded) is built once per search config and reused by every later task of that search in this
 * JVM. An estimator evaluates one candidate at a time, so concurrent tasks in one JVM each take
 * their own instance from the pool; an instance whose candidate timed out may still be running
 * and is dropped instead of returned.
 */
public final class EstimatorPool {
    private static final Map<String, ConcurrentLinkedDeque<CandidateEstimator>> IDLE = new ConcurrentHashMap<>();

    private EstimatorPool() {
    }

    /** An idle estimator for this config and estimator section, built when none is idle. */
    public static CandidateEstimator acquire(String configHash, String configText, String estimatorPath) {
        CandidateEstimator e = IDLE.computeIfAbsent(key(configHash, estimatorPath), k -> new ConcurrentLinkedDeque<>()).pollFirst();
        return e != null ? e : build(configText, estimatorPath);
    }

    /** Returns an estimator that finished its candidate, for the next task. */
    public static void release(String configHash, String estimatorPath, CandidateEstimator estimator) {
        IDLE.computeIfAbsent(key(configHash, estimatorPath), k -> new ConcurrentLinkedDeque<>()).addFirst(estimator);
    }

    /** Builds the estimator configured at {@code estimatorPath} (a section with {@code type} and arguments). */
    public static CandidateEstimator build(String configText, String estimatorPath) {
        Config config = ConfigFactory.parseString(configText);
        // estimators that train read the data, trainer and search_space sections of the whole config
        Estimator e = Registry.global().build(Estimator.KIND, config.getConfig(estimatorPath), Map.of(Config.class, config));
        if (!(e instanceof CandidateEstimator ce)) {
            throw new IllegalArgumentException("estimator at '" + estimatorPath + "' (" + e.getClass().getSimpleName()
                    + ") does not evaluate single candidates, so it cannot run as a Spark task");
        }
        return ce;
    }

    private static String key(String configHash, String estimatorPath) {
        return configHash + "|" + estimatorPath;
    }
}
