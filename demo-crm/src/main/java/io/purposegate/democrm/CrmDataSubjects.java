package io.purposegate.democrm;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.purposegate.democrm.customer.CustomerStore;
import io.purposegate.sdk.DataSubjects;
import io.purposegate.sdk.OwnedRecords;
import io.purposegate.sdk.RetentionAnchors;

/**
 * Whose data a record is, and from when its retention periods run, for the SDK: answered from the
 * customer table (owner = Keycloak user id; the anchor is the customer's last activity, the same for
 * every purpose: a contract purpose runs from the end of the relationship). A guarded single read asks for
 * both at once ({@link OwnedRecords}): one query.
 */
@ApplicationScoped
public class CrmDataSubjects implements DataSubjects, RetentionAnchors, OwnedRecords {

    static final String CUSTOMER = "customer";

    private final CustomerStore customers;

    CrmDataSubjects(CustomerStore customers) {
        this.customers = customers;
    }

    @Override
    public Optional<String> ownerOf(String resourceType, String resourceId) {
        return CUSTOMER.equals(resourceType) ? customers.ownerOf(resourceId) : Optional.empty();
    }

    /** One query for a whole page of a list (the campaign audience). */
    @Override
    public Map<String, String> ownersOf(String resourceType, Collection<String> resourceIds) {
        return CUSTOMER.equals(resourceType) ? customers.ownersOf(resourceIds) : Map.of();
    }

    /** Owner and anchor of one record, one query: what the SDK asks before deciding a single read. */
    @Override
    public Optional<OwnedRecord> ownedRecordOf(String resourceType, String resourceId, String purpose) {
        return CUSTOMER.equals(resourceType)
                ? customers.ownerAndLastActivityOf(resourceId).map(r -> new OwnedRecord(r.owner(), r.lastActivity()))
                : Optional.empty();
    }

    @Override
    public Optional<Instant> anchorOf(String resourceType, String resourceId, String purpose) {
        return CUSTOMER.equals(resourceType) ? customers.lastActivityOf(resourceId) : Optional.empty();
    }

    /** One query for a whole page of a list. */
    @Override
    public Map<String, Instant> anchorsOf(String resourceType, Collection<String> resourceIds, String purpose) {
        return CUSTOMER.equals(resourceType) ? customers.lastActivitiesOf(resourceIds) : Map.of();
    }

    @Override
    public Optional<String> recordOf(String resourceType, String subject) {
        return CUSTOMER.equals(resourceType) ? customers.recordOf(subject) : Optional.empty();
    }
}
