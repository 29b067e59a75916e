/**
 * The trial: one evaluation of one candidate (at one rung under a multi-fidelity scheduler), the
 * value that crosses the wire from the driver to an executor and back and becomes a row of the
 * candidates table.
 */
package org.modnas.spark.trial;
