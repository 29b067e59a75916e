/**
 * Estimator contracts: the per-candidate evaluation unit that the local loop and Spark
 * tasks both run, its context, results and the runner that turns every fault into a result row.
 */
package org.modnas.core.estim;
