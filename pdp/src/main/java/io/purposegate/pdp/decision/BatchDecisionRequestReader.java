package io.purposegate.pdp.decision;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;

import io.purposegate.pdp.PdpConfig;

/** Reads {@code POST /v1/decisions/batch} within {@code purposegate.http.max-batch-body-size}, chunked or not. */
@Provider
@Consumes(MediaType.APPLICATION_JSON)
public class BatchDecisionRequestReader extends BoundedBodyReader<BatchDecisionRequest> {

    BatchDecisionRequestReader(PdpConfig config) {
        super(BatchDecisionRequest.class, config.http().maxBatchBodySize().asLongValue());
    }
}
