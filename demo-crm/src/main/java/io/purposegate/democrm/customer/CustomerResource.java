package io.purposegate.democrm.customer;

import java.util.ArrayList;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.purposegate.democrm.EnforcementSwitch;
import io.purposegate.democrm.problem.FieldNotAllowedException;
import io.purposegate.sdk.PdpDecision;
import io.purposegate.sdk.PersonalData;
import io.purposegate.sdk.PurposeGateFilter;

/**
 * Customer records; every method that touches personal data is guarded by the PurposeGate SDK, which
 * asks the PDP before the method runs. Field names are the policies' (resources/data.json).
 */
@Path("/customers")
@Produces(MediaType.APPLICATION_JSON)
public class CustomerResource {

    private final CustomerStore customers;
    private final EnforcementSwitch enforcement;

    CustomerResource(CustomerStore customers, EnforcementSwitch enforcement) {
        this.customers = customers;
        this.enforcement = enforcement;
    }

    /** The caller's own record (a customer signed in to crm-web): read for purpose service. */
    @GET
    @Path("/me")
    @PersonalData(type = "customer", subject = PersonalData.Subject.CALLER, purpose = "service",
            fields = {"name", "email", "phone", "address", "birth_date", "orders", "segment"})
    public Customer me(@Context ContainerRequestContext request) {
        // the SDK found the caller's record (CrmDataSubjects.recordOf) and the PDP allowed this read;
        // with enforcement off (benchmark baseline) there is no caller to know: 404
        if (!(request.getProperty(PurposeGateFilter.RECORD_PROPERTY) instanceof String id)) {
            throw new NotFoundException();
        }
        return customers.find(id).orElseThrow(NotFoundException::new);
    }

    /**
     * One customer, for staff: the caller names the purpose in the {@code Data-Purpose} header, one of
     * those this endpoint serves. Not service, the least minimised purpose: that one is the customer's
     * own ({@code /customers/me}), so a support agent cannot read the full record by naming it.
     */
    @GET
    @Path("/{id}")
    @PersonalData(type = "customer", purposes = {"support", "marketing", "analytics", "legal"},
            fields = {"name", "email", "phone", "address", "birth_date", "orders", "segment"})
    public Customer customer(@PathParam("id") String id) {
        return customers.find(id).orElseThrow(NotFoundException::new);
    }

    /**
     * Changes contact details: a JSON object with any of name, email, phone, address. The policies
     * let the data subject update their own record (purposes account, service); a field the decision
     * does not allow in clear is not changed and the request is refused with 403.
     */
    @PATCH
    @Path("/{id}")
    @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
    @PersonalData(type = "customer", action = "update", purposes = {"account", "service"},
            fields = {"name", "email", "phone", "address"})
    public ContactDetails updateContact(@PathParam("id") String id, String body, @Context ContainerRequestContext request) {
        ContactChange change = ContactChange.parse(body);
        requireAllowed(change.fields(), request);
        return customers.updateContact(id, change).map(ContactDetails::of).orElseThrow(NotFoundException::new);
    }

    /** Erasure (GDPR Art. 17) of the record and its orders, committed before the 204. */
    @DELETE
    @Path("/{id}")
    @PersonalData(type = "customer", action = "erase", purposes = {"account", "service"},
            fields = {"name", "email", "phone", "address", "birth_date", "orders", "segment"})
    public Response erase(@PathParam("id") String id) {
        if (!customers.erase(id)) {
            throw new NotFoundException();
        }
        return Response.noContent().build();
    }

    /** Every field the change sets must be allowed in clear by the decision (masked is not enough to write). */
    private void requireAllowed(List<String> fields, ContainerRequestContext request) {
        if (!enforcement.enabled()) {
            return; // purposegate.enforcement.enabled=false: the benchmarks' baseline only
        }
        // no decision kept (it should always be there after the filter allowed): nothing is allowed
        List<String> allowed = request.getProperty(PurposeGateFilter.DECISION_PROPERTY) instanceof PdpDecision decision
                && decision.fields() != null && decision.fields().allowed() != null
                ? decision.fields().allowed() : List.of();
        List<String> refused = new ArrayList<>(fields);
        refused.removeAll(allowed);
        if (!refused.isEmpty()) {
            throw new FieldNotAllowedException(refused);
        }
    }
}
