package org.modnas.core.estim;

import java.io.Serializable;
import java.util.Map;
import org.modnas.core.arch.ArchDesc;

/**
 * What a {@link StageEstimator} produced.
 *
 * @param metrics metric name → value (training loss, validation accuracy of sampled subnets...)
 * @param best    the best arch desc the stage judged, or null
 * @param output  the trained supernet handed to later entries, or null
 */
public record StageResult(Map<String, Double> metrics, ArchDesc best, SupernetWeights output) implements Serializable {
    private static final long serialVersionUID = 1L;

    public StageResult {
        metrics = Map.copyOf(metrics);
    }
}
