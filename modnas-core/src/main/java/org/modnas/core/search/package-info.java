/**
 * Driving a search: budgets, candidate seeds, the in-process search loop and the result files a
 * finished search writes.
 */
package org.modnas.core.search;
