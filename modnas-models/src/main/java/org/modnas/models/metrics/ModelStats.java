package org.modnas.models.metrics;

import ai.djl.ndarray.types.Shape;

/**
 * Params and MACs of a network for one input sample, as published figures count them: params are the
 * trainable elements (convolution and linear weights and biases, batch-norm γ and β; running
 * statistics excluded), MACs the multiply-accumulates of convolutions and linear layers only.
 *
 * @param params trainable parameter elements
 * @param macs multiply-accumulates for one sample
 * @param outputShape the network's output shape for that sample (batch 1)
 */
public record ModelStats(long params, long macs, Shape outputShape) {
}
