package io.purposegate.pdp.problem;

/**
 * One thing wrong with a request body. {@code limit} names the documented input limit it breaks (docs/pdp.md,
 * "Input limits"), {@code max} its bound where it has one, {@code path} where in the body it was found.
 */
public record InputViolation(String message, String limit, Long max, String path) {

    /** A limit with a bound: a length, a count, a size or a depth. */
    public static InputViolation bounded(String path, String limit, long max, String message) {
        return new InputViolation(message, limit, max, path);
    }

    /** A limit without a bound: presence, a pattern, the allowed characters or values. */
    public static InputViolation rule(String path, String limit, String message) {
        return new InputViolation(message, limit, null, path);
    }
}
