/**
 * The output folder of a run (SPEC §7) and the atomic file writes that keep it free of half-written
 * files (SPEC §8).
 */
package org.modnas.core.run;
