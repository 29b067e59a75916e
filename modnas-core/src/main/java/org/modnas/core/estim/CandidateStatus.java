package org.modnas.core.estim;

/** How a candidate's evaluation ended (the {@code status} column of SPEC §6.4). */
public enum CandidateStatus {
    OK, FAILED, TIMEOUT
}
