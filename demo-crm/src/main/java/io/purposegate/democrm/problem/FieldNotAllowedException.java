package io.purposegate.democrm.problem;

import java.util.List;

/** The request changes fields the access decision did not allow in clear: answered with 403. */
public class FieldNotAllowedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public FieldNotAllowedException(List<String> fields) {
        super("the access decision does not allow changing " + String.join(", ", fields) + " for this purpose");
    }
}
