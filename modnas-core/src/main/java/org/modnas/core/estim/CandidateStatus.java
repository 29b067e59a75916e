package org.modnas.core.estim;

/**
 * How a candidate's evaluation at a rung ended (the {@code status} column of the candidates table).
 * PRUNED is an OK evaluation after which a multi-fidelity scheduler stopped the candidate: its
 * metrics and score are there, it trains no further (under ASHA unless promoted later).
 */
public enum CandidateStatus {
    OK, FAILED, TIMEOUT, PRUNED;

    /** True when the evaluation finished and its metrics are valid (OK or PRUNED). */
    public boolean scored() {
        return this == OK || this == PRUNED;
    }

    /** The status a table's text names. */
    public static CandidateStatus of(String text) {
        try {
            return valueOf(text);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("unknown candidate status '" + text + "'", e);
        }
    }
}
