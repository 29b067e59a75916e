package org.modnas.core.estim;

/** A fault diagnosed inside one candidate (NaN loss, impossible shape...): the candidate ends FAILED. */
public class CandidateFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CandidateFailure(String message) {
        super(message);
    }

    public CandidateFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
