package io.purposegate.pdp.problem;

/**
 * The body broke a limit before it could be read as a request (its size, its JSON structure): refused as a 400
 * problem of type {@code slug} that names the limit.
 */
public class RequestLimitException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String slug;
    private final String title;
    private final transient InputViolation violation;

    public RequestLimitException(String slug, String title, InputViolation violation) {
        super(violation.message());
        this.slug = slug;
        this.title = title;
        this.violation = violation;
    }

    public static RequestLimitException bodyTooLarge(long max) {
        return new RequestLimitException("body-too-large", "Request body too large",
                InputViolation.bounded(null, "body.size", max, "the request body is larger than " + max + " bytes"));
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    public InputViolation violation() {
        return violation;
    }
}
