package io.purposegate.pdp.consent;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.purposegate.pdp.problem.BadRequestException;
import io.purposegate.pdp.problem.Problem;
import io.purposegate.pdp.token.AccessTokenVerifier;
import io.purposegate.pdp.token.InvalidTokenException;
import io.purposegate.pdp.token.SigningKeysUnavailableException;
import io.purposegate.pdp.token.VerifiedToken;
import io.smallrye.common.annotation.Blocking;

/**
 * {@code GET /v1/consent-events/changes}: a long-poll feed of the consent registry's changes (subject ids and
 * versions only), so enforcement points can drop cached decisions about a subject whose consent changed.
 */
@Path("/v1/consent-events/changes")
public class ConsentChangesResource {

    /** The realm role an enforcement point's service account needs to read the feed. */
    public static final String ENFORCER = "purposegate-enforcer";
    static final int MAX_WAIT_SECONDS = 30;

    private final AccessTokenVerifier tokens;
    private final ConsentRegistry registry;

    ConsentChangesResource(AccessTokenVerifier tokens, ConsentRegistry registry) {
        this.tokens = tokens;
        this.registry = registry;
    }

    @GET
    @Blocking // the token check may read keys; the wait itself holds no thread
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Consent changes after a cursor, for enforcement points' decision caches (long poll)",
            description = "Every change of a data subject's consent version in the PDP's registry after the cursor, in order:"
                    + " {\"cursor\", \"reset\", \"changes\": [{\"subject\", \"v\"}]}. Without after: the current cursor and no"
                    + " changes. With wait, the answer waits up to that many seconds for a first change. reset: true when the"
                    + " cursor is from another PDP start or older than the changes kept: drop every cached decision."
                    + " Needs an access token with the realm role " + ENFORCER + ".")
    @APIResponse(responseCode = "200", description = "{\"cursor\": \"<opaque>\", \"reset\": false, \"changes\": [{\"subject\": \"<user id>\", \"v\": 8}]}")
    @APIResponse(responseCode = "400", description = "a cursor this API did not issue, or wait not an integer from 0 to 30",
            content = @Content(mediaType = "application/problem+json"))
    @APIResponse(responseCode = "401", description = "no token, or it failed verification",
            content = @Content(mediaType = "application/problem+json"))
    @APIResponse(responseCode = "403", description = "the token lacks the realm role " + ENFORCER,
            content = @Content(mediaType = "application/problem+json"))
    @APIResponse(responseCode = "503", description = "the realm's signing keys cannot be loaded",
            content = @Content(mediaType = "application/problem+json"))
    public CompletionStage<Response> changes(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @Parameter(description = "the cursor of the previous answer") @QueryParam("after") String after,
            @Parameter(description = "seconds (0 to 30, default 0) to wait for a first change") @QueryParam("wait") String wait)
            throws InvalidTokenException {
        VerifiedToken caller;
        try {
            caller = tokens.verifyAuthorizationHeader(authorization);
        } catch (SigningKeysUnavailableException e) {
            return CompletableFuture.completedFuture(Problem.response(Response.Status.SERVICE_UNAVAILABLE, "keys-unavailable",
                    "Signing keys unavailable", "the realm's signing keys could not be loaded; ask again later", List.of()));
        }
        if (!caller.hasRealmRole(ENFORCER)) {
            return CompletableFuture.completedFuture(Problem.response(Response.Status.FORBIDDEN, "forbidden", "Forbidden",
                    "reading consent changes needs the realm role " + ENFORCER, List.of()));
        }
        Duration waitFor = Duration.ofSeconds(seconds(wait));
        ConsentChanges changes = registry.changes();
        if (after == null) {
            return CompletableFuture.completedFuture(ok(new ConsentChanges.Page(changes.cursor(), false, List.of())));
        }
        try {
            return changes.next(after, waitFor).thenApply(ConsentChangesResource::ok);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(List.of("after is not a cursor this API issued"));
        }
    }

    private static Response ok(ConsentChanges.Page page) {
        return Response.ok(page).header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }

    private static int seconds(String wait) {
        if (wait == null || wait.isEmpty()) {
            return 0;
        }
        try {
            int seconds = Integer.parseInt(wait);
            if (seconds < 0 || seconds > MAX_WAIT_SECONDS) {
                throw new NumberFormatException();
            }
            return seconds;
        } catch (NumberFormatException e) {
            throw new BadRequestException(List.of("wait must be an integer from 0 to " + MAX_WAIT_SECONDS));
        }
    }
}
