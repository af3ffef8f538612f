package io.purposegate.pdp.decision;

import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.Provider;

import io.purposegate.pdp.PdpConfig;

/** Reads {@code POST /v1/decisions} within {@code purposegate.http.max-body-size}, chunked or not ({@link DecisionBodies}). */
@Provider
@Consumes(MediaType.APPLICATION_JSON)
public class DecisionRequestReader implements MessageBodyReader<DecisionRequest> {

    private final long max;

    DecisionRequestReader(PdpConfig config) {
        this.max = config.http().maxBodySize().asLongValue();
    }

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type == DecisionRequest.class;
    }

    @Override
    public DecisionRequest readFrom(Class<DecisionRequest> type, Type genericType, Annotation[] annotations,
            MediaType mediaType, MultivaluedMap<String, String> headers, InputStream body) throws IOException {
        return DecisionBodies.read(body, max, DecisionRequest.class);
    }
}
