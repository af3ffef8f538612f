package io.purposegate.pdp.decision;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;

import io.purposegate.pdp.PdpConfig;

/** Reads {@code POST /v1/decisions} within {@code purposegate.http.max-body-size}, chunked or not. */
@Provider
@Consumes(MediaType.APPLICATION_JSON)
public class DecisionRequestReader extends BoundedBodyReader<DecisionRequest> {

    DecisionRequestReader(PdpConfig config) {
        super(DecisionRequest.class, config.http().maxBodySize().asLongValue());
    }
}
