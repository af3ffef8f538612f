package io.purposegate.pdp.decision;

import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;

/** Reads one decision body type within a byte limit, chunked or not ({@link DecisionBodies}). */
abstract class BoundedBodyReader<T> implements MessageBodyReader<T> {

    private final Class<T> bodyType;
    private final long max;

    BoundedBodyReader(Class<T> bodyType, long max) {
        this.bodyType = bodyType;
        this.max = max;
    }

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type == bodyType;
    }

    @Override
    public T readFrom(Class<T> type, Type genericType, Annotation[] annotations, MediaType mediaType,
            MultivaluedMap<String, String> headers, InputStream body) throws IOException {
        return DecisionBodies.read(body, max, bodyType);
    }
}
