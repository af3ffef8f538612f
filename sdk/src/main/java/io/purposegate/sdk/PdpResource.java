package io.purposegate.sdk;

import java.util.List;

/**
 * One record a decision is asked for: the {@code resource} of {@code POST /v1/decisions}, an element of
 * {@code resources} in {@code POST /v1/decisions/batch}.
 *
 * @param owner the data subject's user id, as the application knows it (never as the caller says)
 * @param fields the JSON property names (dotted for nested ones) the access touches
 */
public record PdpResource(String type, String id, String owner, List<String> fields) {

    public PdpResource {
        fields = fields == null ? List.of() : List.copyOf(fields);
    }
}
