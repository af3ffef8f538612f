package io.purposegate.democrm.customer;

import java.time.LocalDate;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A customer record. The JSON property names are the field names of the policies' field map
 * (policies/purposegate/resources/data.json). {@code owner} is the data subject, the customer's
 * Keycloak user id: used for decisions and never returned.
 */
public record Customer(
        String id,
        @JsonIgnore String owner,
        String name,
        String email,
        String phone,
        String address,
        @JsonProperty("birth_date") LocalDate birthDate,
        String segment,
        List<Order> orders) {

    public Customer {
        orders = orders == null ? List.of() : List.copyOf(orders);
    }

    /** The same customer with new contact details (null: unchanged). */
    Customer withContact(ContactChange change) {
        return new Customer(id, owner, change.name().orElse(name), change.email().orElse(email),
                change.phone().orElse(phone), change.address().orElse(address), birthDate, segment, orders);
    }
}
