package org.modnas.spark.executor;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.modnas.core.arch.ArchDesc;
import org.modnas.core.estim.StageEpoch;
import org.modnas.core.estim.StageResult;
import org.modnas.core.estim.SupernetWeights;

/**
 * What the task of a chain stage sends back to the driver: the stage's result, or its error, and
 * where it ran. Plain fields only, so Kryo with registration required carries it.
 */
public final class StageOutcome implements Serializable {
    private static final long serialVersionUID = 1L;

    String error;
    String[] metricNames = new String[0];
    double[] metricValues = new double[0];
    String bestDescJson;
    String producer;
    byte[] weights;
    String epochsJson;
    String executorId;
    String host;
    String gpu;

    StageOutcome() {
    }

    static StageOutcome of(StageResult r, String executorId, String host, String gpu) {
        StageOutcome o = where(executorId, host, gpu);
        o.metricNames = r.metrics().keySet().toArray(new String[0]);
        o.metricValues = new double[o.metricNames.length];
        for (int i = 0; i < o.metricNames.length; i++) {
            o.metricValues[i] = r.metrics().get(o.metricNames[i]);
        }
        o.bestDescJson = r.best() == null ? null : r.best().toJson();
        o.epochsJson = r.epochs().isEmpty() ? null : StageEpoch.toJson(r.epochs()).toString();
        if (r.output() != null) {
            o.producer = r.output().producer();
            o.weights = r.output().parameters();
        }
        return o;
    }

    static StageOutcome failed(String error, String executorId, String host, String gpu) {
        StageOutcome o = where(executorId, host, gpu);
        o.error = error;
        return o;
    }

    private static StageOutcome where(String executorId, String host, String gpu) {
        StageOutcome o = new StageOutcome();
        o.executorId = executorId;
        o.host = host;
        o.gpu = gpu;
        return o;
    }

    /** The error text when the stage failed, else null. */
    public String error() {
        return error;
    }

    /** The stage's result (only when it did not fail). */
    public StageResult result() {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < metricNames.length; i++) {
            m.put(metricNames[i], metricValues[i]);
        }
        return new StageResult(m, bestDescJson == null ? null : ArchDesc.parseCanonical(bestDescJson),
                weights == null ? null : new SupernetWeights(producer, weights),
                epochsJson == null ? java.util.List.of() : StageEpoch.parse(epochsJson));
    }

    /** {@code executor 1 on host (GPU 0)}. */
    public String where() {
        return "executor " + executorId + " on " + host + (gpu == null ? "" : " (GPU " + gpu + ")");
    }
}
