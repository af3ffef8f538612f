package io.purposegate.pdp.log;

/** A decision could not be made durable in time: the PDP must not answer it as if it were logged. */
public class DecisionLogUnavailableException extends Exception {

    private static final long serialVersionUID = 1L;

    public DecisionLogUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
