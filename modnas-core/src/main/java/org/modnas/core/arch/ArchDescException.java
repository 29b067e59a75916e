package org.modnas.core.arch;

/** An arch desc that does not fit its space; the message names the position and the problem. */
public class ArchDescException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public ArchDescException(String message) {
        super(message);
    }
}
