/** The command line: the {@code modnas} launcher's subcommands and the main class for spark-submit (SPEC §6.6). */
package org.modnas.spark.cli;
