/**
 * What runs inside a Spark executor: the per-candidate task function, the
 * per-JVM estimator cache, the row a task sends back, the project's Kryo registrator, and the two
 * synthetic estimators used by benchmarks and tests.
 */
package org.modnas.spark.executor;
