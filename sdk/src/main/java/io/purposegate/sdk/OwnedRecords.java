package io.purposegate.sdk;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The application's answer, in one look-up, to both questions the SDK asks about a single record before
 * a decision: whose data it is ({@link DataSubjects#ownerOf}) and from when its retention period runs
 * ({@link RetentionAnchors#anchorOf}). A guarded single read then costs the application one query
 * instead of two.
 *
 * <p>Optional: without one the SDK asks {@link DataSubjects} and then {@link RetentionAnchors}, as it
 * always did. Lists keep using {@code ownersOf} and {@code anchorsOf} (one query each per page), and
 * {@link PersonalData.Subject#CALLER} methods {@code recordOf} and {@code anchorOf}.
 */
@FunctionalInterface
public interface OwnedRecords {

    /**
     * @param purpose the purpose of this access (an application may anchor purposes differently)
     * @return the owner and retention anchor of the record, or empty when there is no such record
     */
    Optional<OwnedRecord> ownedRecordOf(String resourceType, String resourceId, String purpose);

    /**
     * @param owner the data subject's user id (never null)
     * @param retentionFrom from when the record's retention period runs; null when there is none to name
     *        (then no {@code retention_from} is sent)
     */
    record OwnedRecord(String owner, Instant retentionFrom) {

        public OwnedRecord {
            Objects.requireNonNull(owner, "owner");
        }
    }

    /** The two look-ups of the first releases, one after the other. */
    static OwnedRecords of(DataSubjects dataSubjects, RetentionAnchors retentionAnchors) {
        return (type, id, purpose) -> dataSubjects.ownerOf(type, id)
                .map(owner -> new OwnedRecord(owner, retentionAnchors.anchorOf(type, id, purpose).orElse(null)));
    }
}
