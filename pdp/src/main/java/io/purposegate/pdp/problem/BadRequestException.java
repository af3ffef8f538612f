package io.purposegate.pdp.problem;

import java.util.List;

/** The request body is not a valid decision request; each entry says what is wrong. */
public class BadRequestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<String> violations;

    public BadRequestException(List<String> violations) {
        super(String.join("; ", violations));
        this.violations = List.copyOf(violations);
    }

    public List<String> violations() {
        return violations;
    }
}
