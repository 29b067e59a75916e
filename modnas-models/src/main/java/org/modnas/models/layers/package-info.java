/**
 * Small DJL layers the primitives and models are made of (activations, pooling, zero, identity,
 * factorized reduction, residual wrapper, conv/BN builders). Each knows its output shape and its
 * params/MACs without running, so networks can be measured analytically.
 */
package org.modnas.models.layers;
