package io.purposegate.sdk;

/** The PDP gave no usable answer in time; the access is denied. */
public class PdpUnavailableException extends Exception {

    private static final long serialVersionUID = 1L;

    public PdpUnavailableException(String message) {
        super(message);
    }

    public PdpUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
