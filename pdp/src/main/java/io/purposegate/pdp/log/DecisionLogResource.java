package io.purposegate.pdp.log;

import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.logging.Logger;

import io.purposegate.pdp.PdpConfig;
import io.purposegate.pdp.problem.BadRequestException;
import io.purposegate.pdp.problem.Problem;
import io.purposegate.pdp.token.AccessTokenVerifier;
import io.purposegate.pdp.token.InvalidTokenException;
import io.purposegate.pdp.token.SigningKeysUnavailableException;
import io.purposegate.pdp.token.VerifiedToken;

/**
 * The decision log's query APIs (contract, PDP section): by subject (that subject with their own token,
 * or a privacy officer), by actor (privacy officer), and the chain check (privacy officer).
 */
@Path("/v1/decisions")
public class DecisionLogResource {

    static final String PRIVACY_OFFICER = "privacy-officer";

    private static final Logger LOG = Logger.getLogger(DecisionLogResource.class);

    private final AccessTokenVerifier tokens;
    private final DecisionLog log;
    private final int maxPageSize;

    DecisionLogResource(AccessTokenVerifier tokens, DecisionLog log, PdpConfig config) {
        this.tokens = tokens;
        this.log = log;
        this.maxPageSize = config.log().maxPageSize();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Decision-log page by subject or by actor, oldest first, with a cursor to the next page")
    public Response query(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @QueryParam("subject") String subject, @QueryParam("actor") String actor,
            @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) throws InvalidTokenException {
        VerifiedToken caller = caller(authorization);
        boolean officer = caller.hasRealmRole(PRIVACY_OFFICER);
        if ((subject == null) == (actor == null)) {
            throw new BadRequestException(List.of("exactly one of subject or actor is required"));
        }
        Instant fromTime = time("from", from, Instant.EPOCH);
        Instant toTime = time("to", to, Instant.parse("9999-12-31T00:00:00Z"));
        int size = pageSize(limit);
        DecisionLog.Cursor after = null;
        if (cursor != null) {
            try {
                after = DecisionLog.Cursor.decode(cursor);
            } catch (IllegalArgumentException e) {
                throw new BadRequestException(List.of("cursor is not one this API issued"));
            }
        }
        if (subject != null && !officer && !subject.equals(caller.subject())) {
            return forbidden("only the subject themself or a privacy officer may read this subject's decisions");
        }
        if (actor != null && !officer) {
            return forbidden("only a privacy officer may read an actor's decisions");
        }
        try {
            DecisionLog.Page page = subject != null
                    ? log.bySubject(subject, fromTime, toTime, after, size)
                    : log.byActor(actor, fromTime, toTime, after, size);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("decisions", page.decisions());
            if (page.next() != null) {
                body.put("next", page.next().encode());
            }
            return Response.ok(body).build();
        } catch (SQLException e) {
            return storeUnavailable("decision-log query failed", e);
        }
    }

    @GET
    @Path("/verify")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Check the decision log's hash chain")
    public Response verify(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) throws InvalidTokenException {
        VerifiedToken caller = caller(authorization);
        if (!caller.hasRealmRole(PRIVACY_OFFICER)) {
            return forbidden("only a privacy officer may verify the decision log");
        }
        try {
            DecisionLog.Verification result = log.verify();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("valid", result.valid());
            body.put("entries", result.entries());
            body.put("set_aside", result.setAside());
            if (result.setAside() > 0) {
                body.put("set_aside_entries", result.setAsideEntries());
            }
            if (result.checkpoint() != null) {
                body.put("checkpoint", result.checkpoint());
            }
            if (!result.valid()) {
                Map<String, Object> broken = new LinkedHashMap<>();
                broken.put("seq", result.brokenAtSeq());
                broken.put("decision_id", result.brokenDecisionId());
                broken.put("reason", result.reason());
                body.put("broken_at", broken);
            }
            return Response.ok(body).build();
        } catch (SQLException e) {
            return storeUnavailable("decision-log verification failed", e);
        }
    }

    @GET
    @Path("/checkpoints")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The newest signed checkpoints of the decision log's chain, newest first")
    public Response checkpoints(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @QueryParam("limit") String limit)
            throws InvalidTokenException {
        VerifiedToken caller = caller(authorization);
        if (!caller.hasRealmRole(PRIVACY_OFFICER)) {
            return forbidden("only a privacy officer may read the decision log's checkpoints");
        }
        int size = pageSize(limit);
        try {
            return Response.ok(Map.of("checkpoints", log.checkpoints(size))).build();
        } catch (SQLException e) {
            return storeUnavailable("decision-log checkpoints could not be read", e);
        }
    }

    /** Public keys only: anyone holding a copy of the checkpoints may check them. */
    @GET
    @Path("/checkpoints/jwks")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The public keys (JWKS) that verify the decision log's checkpoints")
    public Map<String, Object> checkpointKeys() {
        return log.checkpointKeys();
    }

    /** A 503 problem for a store that cannot be read; only the SQL state is logged, never a row. */
    private static Response storeUnavailable(String what, SQLException e) {
        LOG.errorf("%s: %s", what, RowStore.describe(e));
        return Problem.response(Response.Status.SERVICE_UNAVAILABLE, "store-unavailable", "Store unavailable",
                "the decision log cannot be read right now", List.of());
    }

    private VerifiedToken caller(String authorization) throws InvalidTokenException {
        try {
            return tokens.verifyAuthorizationHeader(authorization);
        } catch (SigningKeysUnavailableException e) {
            throw new InvalidTokenException("the token cannot be checked: the realm's signing keys are unavailable");
        }
    }

    private static Response forbidden(String detail) {
        return Problem.response(Response.Status.FORBIDDEN, "forbidden", "Forbidden", detail, List.of());
    }

    private static Instant time(String name, String value, Instant absent) {
        if (value == null || value.isBlank()) {
            return absent;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadRequestException(List.of(name + " must be an RFC 3339 date-time"));
        }
    }

    private int pageSize(String limit) {
        if (limit == null) {
            return Math.min(50, maxPageSize);
        }
        try {
            int size = Integer.parseInt(limit);
            if (size < 1 || size > maxPageSize) {
                throw new NumberFormatException();
            }
            return size;
        } catch (NumberFormatException e) {
            throw new BadRequestException(List.of("limit must be an integer from 1 to " + maxPageSize));
        }
    }
}
