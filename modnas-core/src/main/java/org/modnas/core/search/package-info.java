/**
 * Driving a search: budgets, candidate seeds, the in-process search loop and the result files a
 * finished search writes (SPEC §6.1, §7).
 */
package org.modnas.core.search;
