/**
 * Command-line entry points of the distributed search (SPEC §6.6): the {@code search} subcommand
 * called by the {@code modnas} launcher, and the main class for plain {@code spark-submit}.
 */
package org.modnas.spark.cli;
