package io.purposegate.sdk;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;

/**
 * The enforcement point: for every resource method annotated with {@link PersonalData}, asks the PDP
 * with the caller's own token before the method runs, and answers in its place when the access is
 * not allowed:
 *
 * <ul>
 * <li>{@code 401} when there is no bearer token or the PDP rejects it,</li>
 * <li>{@code 400} when the request names no purpose,</li>
 * <li>{@code 404} when the record does not exist,</li>
 * <li>{@code 403} with the PDP's reasons and decision id when the policy denies,</li>
 * <li>{@code 503} when no decision can be had (PDP or policy engine down or too slow): fail closed.</li>
 * </ul>
 *
 * All of them as {@code application/problem+json}. The allowed decision is kept in the request
 * property {@link #DECISION_PROPERTY} for the code that shapes the response.
 *
 * <p>Register an instance with the application (Jersey: {@code register(new PurposeGateFilter(...))};
 * Quarkus: a {@code @Provider} subclass whose constructor supplies the arguments).
 */
@Priority(Priorities.AUTHORIZATION)
public class PurposeGateFilter implements ContainerRequestFilter {

    /** Request property holding the {@link PdpDecision} that allowed the access. */
    public static final String DECISION_PROPERTY = "io.purposegate.decision";

    private static final Logger LOG = Logger.getLogger(PurposeGateFilter.class.getName());

    private final PdpClient pdp;
    private final DataSubjects dataSubjects;

    @Context
    private ResourceInfo resourceInfo;

    public PurposeGateFilter(PdpClient pdp, DataSubjects dataSubjects) {
        this.pdp = pdp;
        this.dataSubjects = dataSubjects;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        Method method = resourceInfo == null ? null : resourceInfo.getResourceMethod();
        PersonalData guard = method == null ? null : method.getAnnotation(PersonalData.class);
        if (guard == null) {
            return;
        }
        Optional<String> token = bearerToken(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        if (token.isEmpty()) {
            request.abortWith(Problems.of(401, "invalid-token", "Invalid or missing token",
                    "a bearer access token is required"));
            return;
        }
        String purpose = guard.purpose().isEmpty() ? request.getHeaderString(PersonalData.PURPOSE_HEADER) : guard.purpose();
        if (purpose == null || purpose.isBlank()) {
            request.abortWith(Problems.of(400, "purpose-missing", "Purpose missing",
                    "name the purpose of this access in the " + PersonalData.PURPOSE_HEADER + " header"));
            return;
        }
        String id = request.getUriInfo().getPathParameters().getFirst(guard.idParam());
        if (id == null) {
            LOG.log(Level.WARNING, "@PersonalData on {0} names path parameter ''{1}'', which the path does not have",
                    new Object[] {method, guard.idParam()});
        }
        Optional<String> owner = id == null ? Optional.empty() : dataSubjects.ownerOf(guard.type(), id);
        if (owner.isEmpty()) {
            request.abortWith(Problems.of(404, "not-found", "Not found", "no " + guard.type() + " with this id"));
            return;
        }
        List<String> fields = Arrays.asList(guard.fields());
        PdpDecision decision;
        try {
            decision = pdp.decide(token.get(), guard.action(), purpose.strip(), guard.type(), id, owner.get(), fields,
                    Map.of());
        } catch (PdpUnavailableException e) {
            LOG.log(Level.WARNING, "access denied: no decision from the PDP ({0})", e.getMessage());
            PdpDecision denial = e.denial().orElseGet(() -> new PdpDecision(null, false, null,
                    List.of(new PdpDecision.Reason("pdp.unavailable", "the policy decision point did not answer")), null));
            request.abortWith(Problems.of(503, "decision-unavailable", "Decision unavailable",
                    "no access decision could be made; access is denied", denial.decisionId(), denial.reasons()));
            return;
        } catch (PdpRejectedRequestException e) {
            String slug = e.status() == 401 ? "invalid-token" : "invalid-request";
            String title = e.status() == 401 ? "Invalid or missing token" : "Invalid request";
            request.abortWith(Problems.of(e.status(), slug, title, e.detail()));
            return;
        }
        if (!decision.allow()) {
            request.abortWith(Problems.of(403, "access-denied", "Access denied",
                    "the policy does not allow this access for purpose " + purpose.strip(),
                    decision.decisionId(), decision.reasons()));
            return;
        }
        request.setProperty(DECISION_PROPERTY, decision);
    }

    static Optional<String> bearerToken(String authorization) {
        if (authorization == null) {
            return Optional.empty();
        }
        String[] parts = authorization.strip().split("\\s+", 2);
        if (parts.length != 2 || !parts[0].equalsIgnoreCase("Bearer") || parts[1].isBlank()) {
            return Optional.empty();
        }
        return Optional.of(parts[1]);
    }
}
