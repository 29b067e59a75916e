package org.modnas.core.estim;

/** Thrown by {@link CandidateContext#checkDeadline()} once a candidate's time is up: it ends TIMEOUT. */
public class CandidateTimeout extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CandidateTimeout(String message) {
        super(message);
    }
}
