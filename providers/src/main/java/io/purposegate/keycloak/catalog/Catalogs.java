package io.purposegate.keycloak.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.databind.ObjectMapper;

/** JSON (de)serialisation of purposes as they are stored and served. */
public final class Catalogs {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Catalogs() {
    }

    public static String toJson(Purpose purpose) {
        try {
            return JSON.writeValueAsString(purpose);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Purpose fromJson(String json) {
        try {
            return JSON.readValue(json, Purpose.class);
        } catch (IOException e) {
            throw new UncheckedIOException("a stored purpose is not valid JSON", e);
        }
    }

    public static Purpose copy(Purpose purpose) {
        return fromJson(toJson(purpose));
    }
}
