/**
 * Analytic model metrics: parameter count and multiply-accumulates of a built network
 * for an input shape, computed by walking the block tree with shapes only (no forward pass).
 */
package org.modnas.models.metrics;
