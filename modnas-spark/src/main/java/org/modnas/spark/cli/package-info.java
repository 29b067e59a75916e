/**
 * The command line: the {@code modnas} launcher's subcommands, among them
 * {@code search} ({@link org.modnas.spark.cli.SearchCommand}), and the main class for plain
 * {@code spark-submit} ({@link org.modnas.spark.cli.SparkSubmitMain}).
 */
package org.modnas.spark.cli;
