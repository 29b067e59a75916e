package org.modnas.core.estim;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.modnas.core.arch.ArchDesc;

/**
 * What a {@link StageEstimator} produced.
 *
 * @param metrics metric name → value (training loss, validation accuracy of sampled subnets...)
 * @param best    the best arch desc the stage judged, or null
 * @param output  the trained supernet handed to later entries, or null
 * @param epochs  what a gradient search recorded epoch by epoch (empty for other stages)
 */
public record StageResult(Map<String, Double> metrics, ArchDesc best, SupernetWeights output, List<StageEpoch> epochs)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    public StageResult {
        metrics = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metrics));
        epochs = List.copyOf(epochs);
    }

    /** A result without epoch records. */
    public StageResult(Map<String, Double> metrics, ArchDesc best, SupernetWeights output) {
        this(metrics, best, output, List.of());
    }
}
