/**
 * What a user reads about a finished or running search: {@code modnas show} (a text
 * summary), {@code modnas report} (the HTML page with PNG charts under {@code <run>/report/}, also
 * written by the driver at the end of every search through {@link org.modnas.spark.report.RunReport})
 * and {@code modnas export} (the candidates table as CSV or JSON for people without
 * Spark). Everything here reads the table; nothing writes to it.
 */
package org.modnas.spark.report;
