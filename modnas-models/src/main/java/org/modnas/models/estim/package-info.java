/**
 * Estimators that train on DJL. Per candidate, the units a Spark task runs: {@code SubNetEstimator}
 * (build or select, train, validate), {@code DefaultEstimator} (train one network fully; as a stage,
 * the teacher of Once-for-All) and {@code ZeroCostEstimator} (score untrained by zero-cost proxies).
 * Stages that run once before the candidates: {@code SuperNetEstimator} (a weight-sharing warm-up, or
 * the whole gradient search over α: DARTS, ProxylessNAS) and {@code ProgressiveShrinkingEstimator}
 * (Once-for-All), with the resume files that let a killed stage continue.
 */
package org.modnas.models.estim;
