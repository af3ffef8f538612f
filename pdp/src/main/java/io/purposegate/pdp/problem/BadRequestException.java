package io.purposegate.pdp.problem;

import java.util.List;

/** The request is not valid; each entry says what is wrong, the first one with a named limit is the problem's {@code limit}. */
public class BadRequestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<InputViolation> violations;

    public BadRequestException(List<String> violations) {
        this(violations.stream().map(message -> new InputViolation(message, null, null, null)).toList(), true);
    }

    private BadRequestException(List<InputViolation> violations, boolean unused) {
        super(String.join("; ", violations.stream().map(InputViolation::message).toList()));
        this.violations = List.copyOf(violations);
    }

    /** A request that breaks one or more documented input limits. */
    public static BadRequestException of(List<InputViolation> violations) {
        return new BadRequestException(violations, true);
    }

    public List<String> violations() {
        return violations.stream().map(InputViolation::message).toList();
    }

    /** The first violation that names a limit; null when none does. */
    public InputViolation firstLimit() {
        return violations.stream().filter(v -> v.limit() != null).findFirst().orElse(null);
    }
}
