/**
 * Estimators that train on DJL: the per-candidate SubNet estimator that local and Spark
 * searches run, and the Default estimator that trains one network fully.
 */
package org.modnas.models.estim;
