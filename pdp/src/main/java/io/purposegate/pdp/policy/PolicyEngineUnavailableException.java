package io.purposegate.pdp.policy;

/** OPA could not give a decision: unreachable, too slow, erroring, or the decision is undefined. The PDP denies. */
public class PolicyEngineUnavailableException extends Exception {

    private static final long serialVersionUID = 1L;

    public PolicyEngineUnavailableException(String message) {
        super(message);
    }

    public PolicyEngineUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
