package io.purposegate.pdp.problem;

import java.util.List;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;


/**
 * Bodies over {@code purposegate.http.max-body-size} are refused with a 400 problem before they are
 * read; the HTTP server's own, larger limit stops bodies of unannounced length.
 */
public class BodySizeLimit {

    private final long limit;

    BodySizeLimit(io.purposegate.pdp.PdpConfig config) {
        this.limit = config.http().maxBodySize().asLongValue();
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
        if (announced > limit) {
            return Problem.response(400, "body-too-large", "Request body too large",
                    "the request body is larger than " + limit + " bytes", List.of());
        }
        return null;
    }
}
