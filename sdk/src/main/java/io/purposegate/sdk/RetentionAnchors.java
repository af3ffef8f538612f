package io.purposegate.sdk;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The application's answer to "from when does this record's retention period run?": the time the
 * SDK sends the PDP as {@code resource.retention_from}, so that the policy can refuse a record kept
 * past its purpose's retention. Usually the record's last activity, not its creation: a contract
 * purpose runs from the end of the relationship (the last order, the last contact), so a customer
 * who signed up long ago and ordered last week is well within it.
 *
 * <p>Without one ({@link #NONE}, the default) the SDK sends no anchor and the policy cannot check
 * retention for reads through the SDK.
 */
@FunctionalInterface
public interface RetentionAnchors {

    /** No anchors: nothing is sent, retention is not checked. */
    RetentionAnchors NONE = (resourceType, resourceId, purpose) -> Optional.empty();

    /**
     * @param purpose the purpose of this access (an application may anchor purposes differently)
     * @return the time the retention period of this record runs from, or empty when there is none to name
     */
    Optional<Instant> anchorOf(String resourceType, String resourceId, String purpose);

    /**
     * The anchors of many records at once, for list methods. Override it with one query when the
     * records live in a database; the default asks {@link #anchorOf} per id.
     *
     * @return anchor by record id; ids without one are absent (their decisions carry none)
     */
    default Map<String, Instant> anchorsOf(String resourceType, Collection<String> resourceIds, String purpose) {
        Map<String, Instant> anchors = new LinkedHashMap<>();
        for (String id : resourceIds) {
            anchorOf(resourceType, id, purpose).ifPresent(anchor -> anchors.put(id, anchor));
        }
        return anchors;
    }
}
