/** Statistics a benchmark reports: rank correlations between figures, and tests between samples of results. */
package org.modnas.core.stats;
