/**
 * Objectives: how a candidate's metrics become the scalar score discrete optimizers
 * learn from, and the Pareto front over several metrics.
 */
package org.modnas.core.objective;
