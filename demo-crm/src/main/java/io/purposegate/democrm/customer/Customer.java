package io.purposegate.democrm.customer;

import java.time.LocalDate;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A customer record. {@code owner} is the data subject: the customer's Keycloak user id; it is used
 * for decisions and never returned.
 */
public record Customer(
        String id,
        @JsonIgnore String owner,
        String name,
        String email,
        String phone,
        String address,
        @JsonProperty("birth_date") LocalDate birthDate,
        String segment) {
}
