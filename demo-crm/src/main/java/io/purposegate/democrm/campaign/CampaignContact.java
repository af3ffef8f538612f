package io.purposegate.democrm.campaign;

import java.util.List;

import io.purposegate.democrm.customer.Customer;
import io.purposegate.democrm.customer.Order;

/** A row of a campaign audience: only what marketing works with (no phone, address or birth date). */
public record CampaignContact(String id, String name, String email, String segment, List<Order> orders) {

    static CampaignContact of(Customer customer) {
        return new CampaignContact(customer.id(), customer.name(), customer.email(), customer.segment(), customer.orders());
    }
}
