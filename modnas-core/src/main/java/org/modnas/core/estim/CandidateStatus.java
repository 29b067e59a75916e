package org.modnas.core.estim;

/** How a candidate's evaluation ended (the {@code status} column of). */
public enum CandidateStatus {
    OK, FAILED, TIMEOUT
}
