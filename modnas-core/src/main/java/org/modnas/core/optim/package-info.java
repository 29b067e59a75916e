/**
 * Search algorithms: the discrete ask/tell optimizers ({@link
 * org.modnas.core.optim.RandomSearchOptim}, {@link org.modnas.core.optim.GridSearchOptim}, {@link
 * org.modnas.core.optim.EvolutionOptim}, {@link org.modnas.core.optim.RegularizedEvolutionOptim},
 * {@link org.modnas.core.optim.REINFORCEOptim}) and their shared machinery: the contract
 * ({@link org.modnas.core.optim.DiscreteOptimizer}), the common frame of state and snapshots
 * ({@link org.modnas.core.optim.AbstractDiscreteOptimizer}), the visited set with uniform sampling
 * of unvisited points ({@link org.modnas.core.optim.VisitedSet}) and their registration
 * ({@link org.modnas.core.optim.OptimComponents}).
 */
package org.modnas.core.optim;
