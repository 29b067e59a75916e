/**
 * The output folder of a run and the atomic file writes that keep it free of half-written
 * files.
 */
package org.modnas.core.run;
