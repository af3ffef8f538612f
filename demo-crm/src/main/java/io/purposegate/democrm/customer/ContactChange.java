package io.purposegate.democrm.customer;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.purposegate.democrm.problem.InvalidInputException;

/**
 * New contact details for a customer: a JSON object with any of {@code name}, {@code email},
 * {@code phone}, {@code address}; the properties present are changed, the others kept. Validated
 * here, so that bad input is a 400 problem naming the property (never its value: it is personal data).
 */
public record ContactChange(Optional<String> name, Optional<String> email, Optional<String> phone,
        Optional<String> address) {

    /** The fields a contact change may touch, in the policies' field names. */
    public static final List<String> FIELDS = List.of("name", "email", "phone", "address");

    private static final Map<String, Integer> MAX_LENGTH = Map.of("name", 200, "email", 320, "phone", 40, "address", 500);
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern PHONE = Pattern.compile("\\+?[0-9][0-9 ()./-]{3,39}");
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The policies' names of the fields this change sets. */
    public List<String> fields() {
        List<String> fields = new ArrayList<>();
        name.ifPresent(v -> fields.add("name"));
        email.ifPresent(v -> fields.add("email"));
        phone.ifPresent(v -> fields.add("phone"));
        address.ifPresent(v -> fields.add("address"));
        return fields;
    }

    public static ContactChange parse(String body) {
        if (body == null || body.isBlank()) {
            throw new InvalidInputException("the request needs a JSON object with any of " + FIELDS);
        }
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("the request body is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw new InvalidInputException("the request body must be a JSON object with any of " + FIELDS);
        }
        Set<String> known = Set.copyOf(FIELDS);
        for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
            String property = names.next();
            if (!known.contains(property)) {
                throw new InvalidInputException("unknown or read-only property '" + shown(property)
                        + "'; contact details are " + FIELDS);
            }
        }
        ContactChange change = new ContactChange(text(node, "name"), text(node, "email"), text(node, "phone"),
                text(node, "address"));
        if (change.fields().isEmpty()) {
            throw new InvalidInputException("nothing to change: name any of " + FIELDS);
        }
        change.email.filter(v -> !EMAIL.matcher(v).matches()).ifPresent(v -> {
            throw new InvalidInputException("email is not an e-mail address");
        });
        change.phone.filter(v -> !PHONE.matcher(v).matches()).ifPresent(v -> {
            throw new InvalidInputException("phone is not a phone number (digits, spaces, + ( ) . / -)");
        });
        return change;
    }

    private static Optional<String> text(JsonNode object, String property) {
        JsonNode value = object.get(property);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw new InvalidInputException(property + " must be a string");
        }
        String text = value.asText().strip();
        if (text.isEmpty()) {
            throw new InvalidInputException(property + " must not be empty");
        }
        if (text.length() > MAX_LENGTH.get(property)) {
            throw new InvalidInputException(property + " is longer than " + MAX_LENGTH.get(property) + " characters");
        }
        if (CONTROL.matcher(text).find()) {
            throw new InvalidInputException(property + " contains control characters");
        }
        return Optional.of(text);
    }

    /** A property name from the request, cut short and without control characters, for the detail. */
    private static String shown(String property) {
        String clean = CONTROL.matcher(property).replaceAll("?");
        return clean.length() > 40 ? clean.substring(0, 40) + "…" : clean;
    }
}
