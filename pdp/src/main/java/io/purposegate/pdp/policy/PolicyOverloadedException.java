package io.purposegate.pdp.policy;

import java.time.Duration;

/**
 * No evaluation slot became free within the admission deadline, or too many decisions were already waiting: the
 * PDP sheds the request ({@code 503 pdp.overloaded} with {@code Retry-After}) instead of evaluating it late.
 */
public class PolicyOverloadedException extends Exception {

    private final Duration retryAfter;

    public PolicyOverloadedException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    /** When the caller may try again. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
