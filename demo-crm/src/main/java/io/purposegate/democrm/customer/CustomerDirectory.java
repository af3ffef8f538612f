package io.purposegate.democrm.customer;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The customers of the demo. Owners are the user ids of the demo realm's customers
 * ({@code docker/keycloak/demo-realm.json}), so decisions join real consent.
 */
@ApplicationScoped
public class CustomerDirectory {

    private final Map<String, Customer> customers = new LinkedHashMap<>();

    public CustomerDirectory() {
        add(new Customer("c-1", "00000000-0000-4000-8000-0000000a11ce", "Alice Martin", "alice@example.org",
                "+33 6 12 34 56 78", "12 rue des Lilas, 75011 Paris, FR", LocalDate.of(1990, 4, 12), "loyal"));
        add(new Customer("c-2", "00000000-0000-4000-8000-000000000b0b", "Bob Chen", "bob@example.com",
                "+1 415 555 0134", "500 Market St, San Francisco, CA 94105, US", LocalDate.of(1985, 11, 3), "new"));
        add(new Customer("c-3", "00000000-0000-4000-8000-0000000ca201", "Carol Schmidt", "carol@example.de",
                "+49 30 1234567", "Torstrasse 5, 10119 Berlin, DE", LocalDate.of(1978, 2, 28), "loyal"));
        add(new Customer("c-4", "00000000-0000-4000-8000-000000000da7", "Dave Okafor", "dave@example.com",
                "+1 213 555 0199", "1 Grand Ave, Los Angeles, CA 90012, US", LocalDate.of(1999, 7, 21), "at-risk"));
        add(new Customer("c-5", "00000000-0000-4000-8000-0000000e1210", "Erin Murphy", "erin@example.ie",
                "+353 1 555 0101", "3 Dame St, Dublin 2, IE", LocalDate.of(1968, 9, 9), "new"));
    }

    private void add(Customer customer) {
        customers.put(customer.id(), customer);
    }

    public Optional<Customer> find(String id) {
        return Optional.ofNullable(customers.get(id));
    }

    public Optional<String> ownerOf(String id) {
        return find(id).map(Customer::owner);
    }
}
