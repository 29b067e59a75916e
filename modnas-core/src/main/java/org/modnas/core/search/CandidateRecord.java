package org.modnas.core.search;

import org.modnas.core.estim.CandidateResult;

/**
 * One evaluated candidate of a search: its proposal order, generation, seed, result and score
 * (NaN unless the result is OK).
 */
public record CandidateRecord(long seq, int generation, long seed, CandidateResult result, double score) {
}
