package org.modnas.spark.driver;

import java.util.Map;

/**
 * How a distributed search ended: counts, the best candidate, and why it stopped.
 *
 * @param total          rows in the table (candidates evaluated by this run, resumed ones included)
 * @param evaluatedHere  candidates evaluated by this driver session
 * @param replayed       finished candidates read back from the table and told to the optimizer
 * @param byStatus       rows per status
 * @param bestScore      the best score, or null when no candidate succeeded
 * @param stopReason     {@code candidate budget}, {@code time budget}, {@code target score},
 *                       {@code optimizer exhausted}, {@code optimizer has no proposal}, or for a
 *                       failed search {@code N candidates in a row failed (search.budget.max_failures)}
 * @param failed         true when the search stopped because its candidates kept failing
 * @param lastError      the error of the last FAILED or TIMEOUT candidate, or null
 */
public record SearchSummary(String runId, String runDir, int total, int evaluatedHere, int replayed,
                            Map<String, Integer> byStatus, String bestCandidateId, Double bestScore,
                            String bestArchDesc, String stopReason, boolean failed, String lastError, double wallSeconds) {
}
