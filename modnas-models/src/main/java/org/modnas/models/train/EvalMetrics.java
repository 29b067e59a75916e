package org.modnas.models.train;

/**
 * What one pass over a data split measured.
 *
 * @param loss   mean cross-entropy (without label smoothing)
 * @param top1   fraction of images whose top prediction is right
 * @param top5   fraction whose label is among the top five predictions
 * @param images images seen
 */
public record EvalMetrics(double loss, double top1, double top5, long images) {
}
