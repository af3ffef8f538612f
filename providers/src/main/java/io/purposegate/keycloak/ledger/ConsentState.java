package io.purposegate.keycloak.ledger;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.purposegate.keycloak.catalog.Purpose;

/**
 * A user's current consent, derived from the ledger: the version {@code v}, the notice the user
 * last decided under, and the latest record per purpose.
 */
public final class ConsentState {

    public static final String GIVEN = "given";
    public static final String REFUSED = "refused";
    public static final String WITHDRAWN = "withdrawn";
    public static final String EXPIRED = "expired";

    private final long version;
    private final String headHash;
    private final String notice;
    private final String materialNotice;
    private final Map<String, Entry> entries;

    public ConsentState(long version, String headHash, String notice, String materialNotice, Map<String, Entry> entries) {
        this.version = version;
        this.headHash = headHash;
        this.notice = notice;
        this.materialNotice = materialNotice;
        this.entries = Collections.unmodifiableMap(new TreeMap<>(entries));
    }

    public static ConsentState empty() {
        return new ConsentState(0, Ledgers.GENESIS, null, null, Map.of());
    }

    public long version() {
        return version;
    }

    public String headHash() {
        return headHash;
    }

    public String notice() {
        return notice;
    }

    public String materialNotice() {
        return materialNotice;
    }

    public Map<String, Entry> entries() {
        return entries;
    }

    /** The state of a purpose at a time, with expiry applied; null when the user never decided. */
    public String stateAt(String purposeId, long nowMillis) {
        Entry entry = entries.get(purposeId);
        return entry == null ? null : entry.stateAt(nowMillis);
    }

    /**
     * Whether processing for this purpose has a lawful basis for this user now: any basis other
     * than consent; a consent given and not expired; or, where the jurisdiction's model is
     * opt-out, no refusal or withdrawal on record.
     */
    public boolean lawful(Purpose purpose, String jurisdiction, long nowMillis) {
        if (!purpose.consentBased()) {
            return true;
        }
        String state = stateAt(purpose.id, nowMillis);
        if (GIVEN.equals(state)) {
            return true;
        }
        if (REFUSED.equals(state) || WITHDRAWN.equals(state)) {
            return false;
        }
        return !purpose.optIn(jurisdiction);
    }

    /** Whether the consent for this purpose was given and has lapsed. */
    public boolean expired(String purposeId, long nowMillis) {
        return EXPIRED.equals(stateAt(purposeId, nowMillis));
    }

    /** The latest decision about one purpose. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Entry(
            @JsonProperty("state") String state,
            @JsonProperty("time") long time,
            @JsonProperty("expires_at") Long expiresAt,
            @JsonProperty("method") String method,
            @JsonProperty("client_id") String clientId,
            @JsonProperty("notice") String notice,
            @JsonProperty("v") long version) {

        @JsonIgnore
        public String stateAt(long nowMillis) {
            if (GIVEN.equals(state) && expiresAt != null && expiresAt <= nowMillis) {
                return EXPIRED;
            }
            return state;
        }

        /** As in the consent event and the self-service API: times in RFC 3339. */
        public Map<String, Object> describe(long nowMillis) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("state", stateAt(nowMillis));
            out.put("time", Instant.ofEpochMilli(time).toString());
            if (expiresAt != null) {
                out.put("expires_at", Instant.ofEpochMilli(expiresAt).toString());
            }
            out.put("method", method);
            if (notice != null) {
                out.put("notice", notice);
            }
            out.put("v", version);
            return out;
        }
    }
}
