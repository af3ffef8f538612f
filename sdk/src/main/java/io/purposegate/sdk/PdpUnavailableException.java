package io.purposegate.sdk;

import java.util.Optional;

/**
 * No decision could be had in time: the PDP is unreachable, slow or broken, or it answered that it
 * could not decide (503: policy engine or signing keys unavailable). The access is denied.
 */
public class PdpUnavailableException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient PdpDecision denial;

    public PdpUnavailableException(String message) {
        this(message, null, null);
    }

    public PdpUnavailableException(String message, Throwable cause) {
        this(message, null, cause);
    }

    /** The PDP answered 503 with a denying decision; its id and reasons are kept for the caller. */
    public PdpUnavailableException(String message, PdpDecision denial, Throwable cause) {
        super(message, cause);
        this.denial = denial;
    }

    public Optional<PdpDecision> denial() {
        return Optional.ofNullable(denial);
    }
}
