package io.purposegate.pdp.log;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An entry the database could not index, kept in {@code decision_log_quarantine} instead: still in the
 * chain, never in query results. {@code reason} names the column and limit, never a value.
 */
public record SetAside(long seq, @JsonProperty("decision_id") String decisionId, String reason) {
}
