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

/** Reads {@code POST /v1/decisions/batch} within {@code purposegate.http.max-batch-body-size}, chunked or not ({@link DecisionBodies}). */
@Provider
@Consumes(MediaType.APPLICATION_JSON)
public class BatchDecisionRequestReader implements MessageBodyReader<BatchDecisionRequest> {

    private final long max;

    BatchDecisionRequestReader(PdpConfig config) {
        this.max = config.http().maxBatchBodySize().asLongValue();
    }

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type == BatchDecisionRequest.class;
    }

    @Override
    public BatchDecisionRequest readFrom(Class<BatchDecisionRequest> type, Type genericType, Annotation[] annotations,
            MediaType mediaType, MultivaluedMap<String, String> headers, InputStream body) throws IOException {
        return DecisionBodies.read(body, max, BatchDecisionRequest.class);
    }
}
