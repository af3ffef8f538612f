package io.purposegate.pdp.decision;

import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.purposegate.pdp.problem.BadRequestException;
import io.purposegate.pdp.problem.InputViolation;
import io.purposegate.pdp.token.InvalidTokenException;

/**
 * {@code POST /v1/decisions} and {@code POST /v1/decisions/batch}: the HTTP side of {@link DecisionService}, the one
 * decision flow (a single decision is a batch of one). Times each endpoint; maps the outcome to a response.
 */
@Path("/v1/decisions")
public class DecisionResource {

    private final DecisionService decisions;
    private final Timer latency;
    private final Timer batchLatency;
    private final DistributionSummary batchSizes;
    private final int batchMax;

    DecisionResource(DecisionService decisions, io.purposegate.pdp.PdpConfig config, MeterRegistry metrics) {
        this.decisions = decisions;
        this.latency = Timer.builder("purposegate.decision.latency")
                .description("time to answer POST /v1/decisions, token check, policy and log included")
                .publishPercentileHistogram()
                .register(metrics);
        this.batchLatency = Timer.builder("purposegate.decision.batch.latency")
                .description("time to answer POST /v1/decisions/batch, token check, policy and log included")
                .publishPercentileHistogram()
                .register(metrics);
        this.batchSizes = DistributionSummary.builder("purposegate.decision.batch.size")
                .description("resources per POST /v1/decisions/batch")
                .serviceLevelObjectives(1, 5, 10, 25, 50, 100)
                .register(metrics);
        this.batchMax = config.decisions().batchMax();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Decide one access to personal data (see the contract's PDP decision API)")
    @APIResponse(responseCode = "503", description = "no decision: denied with engine.unavailable, log.unavailable,"
            + " token.keys_unavailable, or pdp.overloaded (shed by admission control, with Retry-After)")
    public Response decide(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, DecisionRequest request)
            throws InvalidTokenException {
        long started = System.nanoTime();
        try {
            DecisionService.Outcome outcome = decisions.decide(authorization, request == null ? null : List.of(request), () -> {
                if (request == null) {
                    throw new BadRequestException(List.of("a JSON body is required"));
                }
                List<InputViolation> violations = request.check("resource");
                if (!violations.isEmpty()) {
                    throw BadRequestException.of(violations);
                }
            });
            return respond(outcome, outcome.decisions().get(0));
        } finally {
            latency.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
    }

    @POST
    @Path("/batch")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Decide many accesses for one action and purpose (an enforcement point's list)",
            description = "One decision per resource, in the order of resources, each the answer POST /v1/decisions would give"
                    + " for it alone and each its own decision-log entry. The caller's token is verified once and the policy"
                    + " evaluated once; when the policy or the log fails, every item is denied (503).")
    @APIResponse(responseCode = "200", description = "{\"decisions\": [<decision>, ...]} in the order of resources")
    @APIResponse(responseCode = "400", description = "malformed request, no resources or more than purposegate.decisions.batch-max;"
            + " errors name the item (resources[i])", content = @Content(mediaType = "application/problem+json"))
    @APIResponse(responseCode = "401", description = "no token, or it failed verification",
            content = @Content(mediaType = "application/problem+json"))
    @APIResponse(responseCode = "503", description = "no decision could be had: every item denied with engine.unavailable,"
            + " log.unavailable, token.keys_unavailable or pdp.overloaded (with Retry-After)")
    public Response decideBatch(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, BatchDecisionRequest request)
            throws InvalidTokenException {
        long started = System.nanoTime();
        try {
            DecisionService.Outcome outcome = decisions.decide(authorization, request == null ? null : request.items(), () -> {
                if (request == null) {
                    throw new BadRequestException(List.of("a JSON body is required"));
                }
                List<InputViolation> violations = request.check(batchMax);
                if (!violations.isEmpty()) {
                    throw BadRequestException.of(violations);
                }
                batchSizes.record(request.items().size());
            });
            return respond(outcome, new BatchResponse(outcome.decisions()));
        } finally {
            batchLatency.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
    }

    /** The answer of a batch: one decision per resource, in order. */
    public record BatchResponse(List<DecisionResponse> decisions) {
    }

    private static Response respond(DecisionService.Outcome outcome, Object entity) {
        Response.ResponseBuilder response = Response.status(outcome.status()).type(MediaType.APPLICATION_JSON_TYPE).entity(entity);
        if (outcome.retryAfter() != null) {
            response.header(HttpHeaders.RETRY_AFTER, Math.max(1, outcome.retryAfter().toSeconds()));
        }
        return response.build();
    }
}
