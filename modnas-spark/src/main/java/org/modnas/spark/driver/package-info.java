/**
 * The driver side of a distributed search: settings read from config, the
 * arch space, the loop that keeps every task slot busy, resume from the candidates table, the run
 * folder's files and the live progress line, and {@link org.modnas.spark.driver.SparkSearch}, the
 * Java API.
 */
package org.modnas.spark.driver;
