package io.purposegate.democrm.customer;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.purposegate.sdk.PersonalData;

/** Customer records; every method that returns personal data is guarded by the PurposeGate SDK. */
@Path("/customers")
@Produces(MediaType.APPLICATION_JSON)
public class CustomerResource {

    private final CustomerDirectory customers;

    CustomerResource(CustomerDirectory customers) {
        this.customers = customers;
    }

    /** One customer, for the purpose the caller names in the {@code Data-Purpose} header (support, ...). */
    @GET
    @Path("/{id}")
    @PersonalData(type = "customer", fields = {"name", "email", "phone", "address", "birth_date", "segment"})
    public Customer customer(@PathParam("id") String id) {
        return customers.find(id).orElseThrow(NotFoundException::new);
    }
}
