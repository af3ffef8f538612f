package io.purposegate.democrm.store;

/** The customer database failed; answered with 503, and the SQL error goes to the log only. */
public class StoreUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
