package io.purposegate.pdp.token;

/** The bearer token cannot be trusted; the message is safe to show to the caller (it never contains the token). */
public class InvalidTokenException extends Exception {

    private static final long serialVersionUID = 1L;

    public InvalidTokenException(String message) {
        super(message);
    }

    public InvalidTokenException(String message, Throwable cause) {
        super(message, cause);
    }
}
