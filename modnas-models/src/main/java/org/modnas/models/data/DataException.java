package org.modnas.models.data;

/** A data file or folder that is missing, truncated or not what it claims to be; the message names it. */
public class DataException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
