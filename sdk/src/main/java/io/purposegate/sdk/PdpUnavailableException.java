package io.purposegate.sdk;

import java.time.Duration;
import java.util.Optional;

/**
 * No decision could be had in time: the PDP is unreachable, slow or broken, or it answered that it
 * could not decide (503: policy engine or signing keys unavailable, or too busy: {@code pdp.overloaded}). The
 * access is denied. A {@code 503}'s {@code Retry-After} is kept, for the caller's own answer.
 */
public class PdpUnavailableException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient PdpDecision denial;
    private final Duration retryAfter;

    public PdpUnavailableException(String message) {
        this(message, null, null);
    }

    public PdpUnavailableException(String message, Throwable cause) {
        this(message, null, cause);
    }

    /** The PDP answered 503 with a denying decision; its id and reasons are kept for the caller. */
    public PdpUnavailableException(String message, PdpDecision denial, Throwable cause) {
        this(message, denial, cause, null);
    }

    /** The PDP answered 503, with a denying decision (or null) and how long it asked callers to wait (or null). */
    public PdpUnavailableException(String message, PdpDecision denial, Throwable cause, Duration retryAfter) {
        super(message, cause);
        this.denial = denial;
        this.retryAfter = retryAfter;
    }

    public Optional<PdpDecision> denial() {
        return Optional.ofNullable(denial);
    }

    /** The PDP's {@code Retry-After} on a {@code 503}, in whole seconds; empty when it sent none (or none readable). */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
