package io.purposegate.democrm;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.purposegate.democrm.customer.CustomerStore;
import io.purposegate.sdk.DataSubjects;

/** Whose data a record is, for the SDK: answered from the customer table (owner = Keycloak user id). */
@ApplicationScoped
public class CrmDataSubjects implements DataSubjects {

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

    @Override
    public Optional<String> recordOf(String resourceType, String subject) {
        return CUSTOMER.equals(resourceType) ? customers.recordOf(subject) : Optional.empty();
    }
}
