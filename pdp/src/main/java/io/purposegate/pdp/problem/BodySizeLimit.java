package io.purposegate.pdp.problem;

import java.util.List;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Bodies that announce more than their endpoint's limit ({@code purposegate.http.max-body-size}, for the batch
 * endpoint {@code purposegate.http.max-batch-body-size}) are refused with a 400 problem before they are read. Bodies
 * of unannounced length (chunked) are counted as they are read, against the same limits, by the decision body readers
 * ({@code io.purposegate.pdp.decision.DecisionBodies}).
 */
public class BodySizeLimit {

    private final long limit;
    private final long batchLimit;

    BodySizeLimit(io.purposegate.pdp.PdpConfig config) {
        this.limit = config.http().maxBodySize().asLongValue();
        this.batchLimit = config.http().maxBatchBodySize().asLongValue();
    }

    @ServerRequestFilter(preMatching = true)
    public Response refuseLargeBodies(ContainerRequestContext request) {
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            return null;
        }
        long announced;
        try {
            announced = Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            return Problem.response(400, "invalid-request", "Invalid request", "Content-Length is not a number", List.of());
        }
        long max = isBatch(request) ? batchLimit : limit;
        if (announced > max) {
            RequestLimitException tooLarge = RequestLimitException.bodyTooLarge(max);
            return Problem.response(400, tooLarge.slug(), tooLarge.title(), tooLarge.getMessage(), List.of(),
                    tooLarge.violation());
        }
        return null;
    }

    private static boolean isBatch(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        return path.endsWith("/v1/decisions/batch") || path.endsWith("/v1/decisions/batch/");
    }
}
