package io.purposegate.pdp.consent;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.purposegate.pdp.problem.BadRequestException;
import io.purposegate.pdp.problem.Problem;
import io.purposegate.pdp.token.InvalidTokenException;
import io.purposegate.pdp.token.SigningKeysUnavailableException;

/** {@code POST /v1/consent-events}: Keycloak's outbox delivers each consent change as a signed event (docs/interfaces.md §3). */
@Path("/v1/consent-events")
public class ConsentEventResource {

    public static final String MEDIA_TYPE = "application/jose";

    private static final Logger LOG = Logger.getLogger(ConsentEventResource.class);

    private final ConsentEventVerifier verifier;
    private final ConsentRegistry registry;
    private final Timer lag;
    private final MeterRegistry metrics;

    ConsentEventResource(ConsentEventVerifier verifier, ConsentRegistry registry, MeterRegistry metrics) {
        this.verifier = verifier;
        this.registry = registry;
        this.metrics = metrics;
        this.lag = lagTimer(metrics);
    }

    /** Registered at start too, so the metric is there before the first event. */
    public static Timer lagTimer(MeterRegistry metrics) {
        return Timer.builder("purposegate.consent.event.lag")
                .description("from the consent change in Keycloak to its application in the PDP's registry")
                .publishPercentileHistogram()
                .register(metrics);
    }

    @POST
    @Consumes(MEDIA_TYPE)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Apply one consent event from Keycloak's outbox (compact JWS, idempotent by version)")
    public Response receive(String compactJws) throws InvalidTokenException {
        ConsentEvent event;
        try {
            event = verifier.verify(compactJws);
        } catch (SigningKeysUnavailableException e) {
            return Problem.response(Response.Status.SERVICE_UNAVAILABLE, "keys-unavailable", "Signing keys unavailable",
                    "the realm's signing keys could not be loaded; deliver again later", List.of());
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(List.of("event must be an object of the documented shape"));
        }
        List<String> violations = event.violations();
        if (!violations.isEmpty()) {
            throw new BadRequestException(violations);
        }
        ConsentRegistry.Outcome outcome;
        try {
            outcome = registry.apply(event);
        } catch (SQLException e) {
            LOG.errorf("consent event could not be stored: %s", e.getMessage());
            return Problem.response(Response.Status.SERVICE_UNAVAILABLE, "store-unavailable", "Store unavailable",
                    "the consent registry could not store the event; deliver again later", List.of());
        }
        metrics.counter("purposegate.consent.events", "outcome", outcome.name().toLowerCase()).increment();
        if (event.time() != null && outcome != ConsentRegistry.Outcome.STALE) {
            try {
                Duration behind = Duration.between(Instant.parse(event.time()), Instant.now());
                lag.record(behind.isNegative() ? Duration.ZERO : behind);
            } catch (DateTimeParseException e) {
                // a malformed time costs the lag sample only
            }
        }
        return Response.ok(Map.of("outcome", outcome.name().toLowerCase(), "v", registry.version(event.userId()))).build();
    }
}
