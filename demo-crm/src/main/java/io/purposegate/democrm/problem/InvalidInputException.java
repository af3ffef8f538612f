package io.purposegate.democrm.problem;

/** The request's input is not acceptable: answered with 400 and the detail, never 500. */
public class InvalidInputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvalidInputException(String detail) {
        super(detail);
    }
}
