package io.purposegate.sdk;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One record a decision is asked for: the {@code resource} of {@code POST /v1/decisions}, an element of
 * {@code resources} in {@code POST /v1/decisions/batch}.
 *
 * @param owner the data subject's user id, as the application knows it (never as the caller says)
 * @param fields the JSON property names (dotted for nested ones) the access touches
 * @param retentionFrom RFC 3339: the time the purpose's retention period runs from, from the
 *        application's {@link RetentionAnchors}; null (and not sent) when it names none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PdpResource(String type, String id, String owner, List<String> fields,
        @JsonProperty("retention_from") String retentionFrom) {

    public PdpResource {
        fields = fields == null ? List.of() : List.copyOf(fields);
    }

    public PdpResource(String type, String id, String owner, List<String> fields) {
        this(type, id, owner, fields, (String) null);
    }

    public PdpResource(String type, String id, String owner, List<String> fields, Instant retentionFrom) {
        this(type, id, owner, fields, retentionFrom == null ? null : retentionFrom.toString());
    }
}
