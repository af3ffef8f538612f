package io.purposegate.democrm.campaign;

import java.util.List;
import java.util.Optional;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.purposegate.democrm.customer.CustomerStore;
import io.purposegate.democrm.customer.Segment;
import io.purposegate.democrm.problem.InvalidInputException;
import io.purposegate.sdk.PersonalData;

/**
 * The audience of a marketing campaign: every customer of a segment (or all), for purpose marketing.
 * The SDK decides each row after the method ran, in batches, and drops the rows the PDP denies
 * (no consent, an objection, ...); the others leave with only the fields marketing may see.
 */
@Path("/campaigns")
@Produces(MediaType.APPLICATION_JSON)
public class CampaignResource {

    private final CustomerStore customers;

    CampaignResource(CustomerStore customers) {
        this.customers = customers;
    }

    @GET
    @Path("/customers")
    @PersonalData(type = "customer", purpose = "marketing", action = "list", list = true,
            fields = {"name", "email", "segment", "orders"})
    public List<CampaignContact> audience(@QueryParam("segment") String segment) {
        Optional<String> selected = Optional.ofNullable(segment).map(String::strip).filter(s -> !s.isEmpty());
        if (selected.isPresent() && !Segment.ALL.contains(selected.get())) {
            throw new InvalidInputException("segment must be one of " + Segment.ALL.stream().sorted().toList());
        }
        return customers.list(selected).stream().map(CampaignContact::of).toList();
    }
}
