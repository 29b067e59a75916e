/**
 * Gradient optimizers of the architecture: they step the α of a supernet's tensor mixed ops
 * (DARTS, ProxylessNAS' binary gates, one-level and bi-level direct gradients, Gumbel annealing)
 * between the weight steps of a {@code SuperNetEstimator}. Each sees the supernet through an
 * {@link org.modnas.models.optim.ArchStepContext} and keeps its Adam state over α in a form a
 * checkpoint can hold.
 */
package org.modnas.models.optim;
