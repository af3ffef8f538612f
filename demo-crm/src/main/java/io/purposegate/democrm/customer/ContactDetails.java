package io.purposegate.democrm.customer;

/** What a contact change answers with: the record id and the contact details, nothing else. */
public record ContactDetails(String id, String name, String email, String phone, String address) {

    static ContactDetails of(Customer customer) {
        return new ContactDetails(customer.id(), customer.name(), customer.email(), customer.phone(), customer.address());
    }
}
