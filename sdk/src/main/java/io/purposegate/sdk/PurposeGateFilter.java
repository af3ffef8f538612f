package io.purposegate.sdk;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Providers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The enforcement point, for every resource method annotated with {@link PersonalData}; one instance
 * is both the request and the response filter.
 *
 * <p>Before the method runs (request filter) it answers in the method's place, as
 * {@code application/problem+json}, when the access cannot go on:
 *
 * <ul>
 * <li>{@code 401} when there is no bearer token, the PDP rejects it, or (caller's own record) it cannot be read,</li>
 * <li>{@code 400} when the request names no purpose (and the method serves more than one), a purpose the
 * method does not serve ({@code purpose.not_served}), or one the purpose catalog does not know,</li>
 * <li>{@code 404} when the record does not exist (the caller has none, for {@link PersonalData.Subject#CALLER}),</li>
 * <li>{@code 403} with the PDP's reasons and decision id when the policy denies,</li>
 * <li>{@code 503} when no decision can be had (PDP or policy engine down or too slow): fail closed.</li>
 * </ul>
 *
 * Single-record methods are decided there; list methods ({@code list = true}) only have their token
 * and purpose checked, and run.
 *
 * <p>After the method (response filter), a {@code 2xx} entity is turned into JSON and minimised:
 * only what the decision allows leaves ({@link Obligations}, {@link Masks}). A list's rows are decided
 * in batches; denied rows and rows without an owner are dropped and counted in the
 * {@value #WITHHELD_HEADER} header. A guarded {@code 2xx} answer without a decision, one whose entity
 * cannot be read as JSON, or a list whose decisions cannot all be had becomes a {@code 503} problem.
 * Other statuses pass unchanged.
 *
 * <p>Register one instance with the application (Jersey: {@code register(new PurposeGateFilter(...))};
 * Quarkus: a {@code @Provider} subclass whose constructor supplies the arguments).
 */
@Priority(Priorities.AUTHORIZATION)
public class PurposeGateFilter implements ContainerRequestFilter, ContainerResponseFilter {

    /** Request property holding the {@link PdpDecision} that allowed a single-record access. */
    public static final String DECISION_PROPERTY = "io.purposegate.decision";

    /**
     * Request property holding the id of the record a single-record access was decided for (a
     * {@code String}): for {@link PersonalData.Subject#CALLER} methods, the caller's own record, so the
     * method need not read the token itself.
     */
    public static final String RECORD_PROPERTY = "io.purposegate.record";

    /** Request property holding a list method's decisions ({@code List<PdpDecision>}, one per distinct record decided). */
    public static final String DECISIONS_PROPERTY = "io.purposegate.decisions";

    /** Response header of a list method: how many rows were dropped. */
    public static final String WITHHELD_HEADER = "PurposeGate-Withheld";

    /**
     * Response header of a single-record access that the policy let through by break-glass and marked
     * for review ({@code true}); absent otherwise. An application can show it to the user.
     */
    public static final String REVIEW_HEADER = "PurposeGate-Review";

    /** Request header of Global Privacy Control: {@code Sec-GPC: 1} is passed to the PDP as {@code context.gpc}. */
    public static final String GPC_HEADER = "Sec-GPC";

    private static final String ACCESS_PROPERTY = "io.purposegate.access";
    private static final Logger LOG = Logger.getLogger(PurposeGateFilter.class.getName());
    private static final ObjectMapper SDK_JSON = new ObjectMapper().findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final Annotation[] NO_ANNOTATIONS = new Annotation[0];

    /** What the request filter learnt, for the response filter. */
    private record Access(String token, String purpose, Map<String, Object> context) {
    }

    private final PurposeGateConfig config;
    private final Masks masks;
    private final ServedPurposes servedPurposes = new ServedPurposes();

    @Context
    private ResourceInfo resourceInfo;

    @Context
    private Providers providers;

    /** A filter with the default settings: the PDP behind {@code pdp}, no purpose catalog, no hash key. */
    public PurposeGateFilter(PdpClient pdp, DataSubjects dataSubjects) {
        this(PurposeGateConfig.builder().pdp(pdp).dataSubjects(dataSubjects).build());
    }

    public PurposeGateFilter(PurposeGateConfig config) {
        this.config = config;
        this.masks = new Masks(config.hashKey());
    }

    // ---------------------------------------------------------------- before the method

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
        ServedPurposes.Choice choice = servedPurposes.choose(method, guard, request.getHeaderString(PersonalData.PURPOSE_HEADER),
                this::catalogRejects);
        if (choice.problem() != null) {
            request.abortWith(choice.problem());
            return;
        }
        String purpose = choice.purpose();
        Access access = new Access(token.get(), purpose, context(request));
        request.setProperty(ACCESS_PROPERTY, access);
        if (guard.list()) {
            return;
        }

        String id;
        String owner;
        Instant retentionFrom;
        if (guard.subject() == PersonalData.Subject.CALLER) {
            Optional<String> subject = TokenClaims.decode(token.get()).map(TokenClaims::sub);
            if (subject.isEmpty()) {
                request.abortWith(Problems.of(401, "invalid-token", "Invalid or missing token",
                        "the bearer token names no subject"));
                return;
            }
            owner = subject.get();
            Optional<String> record = config.dataSubjects().recordOf(guard.type(), owner);
            if (record.isEmpty()) {
                request.abortWith(Problems.of(404, "not-found", "Not found", "you have no " + guard.type() + " record"));
                return;
            }
            id = record.get();
            retentionFrom = config.retentionAnchors().anchorOf(guard.type(), id, purpose).orElse(null);
        } else {
            id = request.getUriInfo().getPathParameters().getFirst(guard.idParam());
            if (id == null) {
                LOG.log(Level.WARNING, "@PersonalData on {0} names path parameter ''{1}'', which the path does not have",
                        new Object[] {method, guard.idParam()});
            }
            // owner and retention anchor in one look-up where the application offers one (OwnedRecords)
            Optional<OwnedRecords.OwnedRecord> owned = id == null ? Optional.empty()
                    : config.ownedRecords().ownedRecordOf(guard.type(), id, purpose);
            if (owned.isEmpty()) {
                request.abortWith(Problems.of(404, "not-found", "Not found", "no " + guard.type() + " with this id"));
                return;
            }
            owner = owned.get().owner();
            retentionFrom = owned.get().retentionFrom();
        }

        PdpResource resource = new PdpResource(guard.type(), id, owner, Arrays.asList(guard.fields()), retentionFrom);
        DecisionCache cache = config.decisionCache();
        DecisionCache.Key key = cache == null ? null
                : DecisionCache.keyOf(access.token(), guard.action(), purpose, resource, access.context());
        PdpDecision decision = key == null ? null : cache.get(key).orElse(null);
        if (decision != null) {
            request.setProperty(DECISION_PROPERTY, decision);
            request.setProperty(RECORD_PROPERTY, id);
            return;
        }
        try {
            long ticket = key == null ? 0 : cache.ticket();
            decision = config.pdp().decide(access.token(), guard.action(), purpose, resource, access.context());
            if (key != null && decision.allow()) {
                cache.put(key, decision, ticket);
            }
        } catch (PdpUnavailableException e) {
            request.abortWith(unavailable(e));
            return;
        } catch (PdpRejectedRequestException e) {
            request.abortWith(rejected(e));
            return;
        }
        if (!decision.allow()) {
            request.abortWith(Problems.of(403, "access-denied", "Access denied",
                    "the policy does not allow this access for purpose " + purpose,
                    decision.decisionId(), decision.reasons()));
            return;
        }
        request.setProperty(DECISION_PROPERTY, decision);
        request.setProperty(RECORD_PROPERTY, id);
    }

    private boolean catalogRejects(String purpose) {
        try {
            return config.purposes().rejects(purpose);
        } catch (RuntimeException e) {
            // the catalog is a convenience: when it breaks, the PDP decides (it denies unknown purposes too)
            LOG.log(Level.WARNING, "purpose catalog failed ({0}); the PDP alone checks purposes", e.getClass().getSimpleName());
            return false;
        }
    }

    private static Map<String, Object> context(ContainerRequestContext request) {
        Map<String, Object> context = new LinkedHashMap<>();
        String gpc = request.getHeaderString(GPC_HEADER);
        context.put("gpc", gpc != null && gpc.strip().equals("1"));
        String justification = request.getHeaderString(PersonalData.JUSTIFICATION_HEADER);
        if (justification != null && !justification.isBlank()) {
            context.put("justification", justification.strip());
        }
        return context;
    }

    // ---------------------------------------------------------------- after the method

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Method method = resourceInfo == null ? null : resourceInfo.getResourceMethod();
        PersonalData guard = method == null ? null : method.getAnnotation(PersonalData.class);
        if (guard == null || response.getStatusInfo().getFamily() != Response.Status.Family.SUCCESSFUL
                || !response.hasEntity()) {
            return;
        }
        try {
            if (guard.list()) {
                minimiseList(guard, request, response);
            } else {
                minimiseRecord(guard, request, response);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "response withheld: it could not be minimised ({0})", e.getClass().getSimpleName());
            replace(response, 503, Problems.json(503, "decision-unavailable", "Decision unavailable",
                    "the response could not be checked; it is withheld", null,
                    List.of(new PdpDecision.Reason("sdk.error", "the enforcement point failed"))));
        }
    }

    private void minimiseRecord(PersonalData guard, ContainerRequestContext request, ContainerResponseContext response) {
        if (!(request.getProperty(DECISION_PROPERTY) instanceof PdpDecision decision) || !decision.allow()) {
            withhold(response, "sdk.no_decision", "no allowing decision is attached to this response");
            return;
        }
        ObjectMapper mapper = mapper(response);
        JsonNode entity = toTree(response, mapper);
        JsonNode minimised = entity == null || !(entity.isObject() || entity.isArray()) ? null
                : new Obligations(decision.fields(), guard.fields(), guard.unguarded(), masks).apply(entity);
        if (minimised == null) {
            withhold(response, "sdk.entity_not_json", "the response could not be read as a JSON record");
            return;
        }
        setJson(response, mapper, minimised);
        if (decision.review()) {
            response.getHeaders().putSingle(REVIEW_HEADER, "true");
        }
    }

    private void minimiseList(PersonalData guard, ContainerRequestContext request, ContainerResponseContext response) {
        if (!(request.getProperty(ACCESS_PROPERTY) instanceof Access access)) {
            withhold(response, "sdk.no_decision", "the request was not checked");
            return;
        }
        ObjectMapper mapper = mapper(response);
        JsonNode entity = toTree(response, mapper);
        JsonNode rows = entity == null ? null : guard.rows().isEmpty() ? entity : entity.get(guard.rows());
        if (rows == null || !rows.isArray() || (!guard.rows().isEmpty() && !entity.isObject())) {
            if (entity != null) {
                LOG.log(Level.WARNING, "@PersonalData(list = true) on {0}: the response has no rows {1}",
                        new Object[] {resourceInfo.getResourceMethod(),
                                guard.rows().isEmpty() ? "array" : "property '" + guard.rows() + "'"});
            }
            withhold(response, "sdk.entity_not_json", "the response could not be read as a JSON list");
            return;
        }

        List<String> rowIds = new ArrayList<>(rows.size());
        Set<String> ids = new LinkedHashSet<>();
        for (JsonNode row : rows) {
            String id = row.isObject() ? idText(row.get(guard.rowId())) : null;
            rowIds.add(id);
            if (id != null) {
                ids.add(id);
            }
        }
        Map<String, String> owners = ids.isEmpty() ? Map.of() : config.dataSubjects().ownersOf(guard.type(), List.copyOf(ids));
        List<String> owned = owners == null ? List.of() : ids.stream().filter(owners::containsKey).toList();
        Map<String, Instant> anchors = owned.isEmpty() ? Map.of()
                : config.retentionAnchors().anchorsOf(guard.type(), owned, access.purpose());
        List<PdpResource> resources = new ArrayList<>();
        List<String> fields = Arrays.asList(guard.fields());
        for (String id : owned) {
            String owner = owners.get(id);
            if (owner != null) {
                resources.add(new PdpResource(guard.type(), id, owner, fields, anchors == null ? null : anchors.get(id)));
            }
        }

        Map<String, PdpDecision> decisions = new HashMap<>();
        DecisionCache cache = config.decisionCache();
        Map<String, DecisionCache.Key> keys = new HashMap<>();
        List<PdpResource> toAsk = new ArrayList<>();
        for (PdpResource resource : resources) {
            DecisionCache.Key key = cache == null ? null
                    : DecisionCache.keyOf(access.token(), guard.action(), access.purpose(), resource, access.context());
            PdpDecision cached = key == null ? null : cache.get(key).orElse(null);
            if (cached != null) {
                decisions.put(resource.id(), cached);
            } else {
                toAsk.add(resource);
                if (key != null) {
                    keys.put(resource.id(), key);
                }
            }
        }
        try {
            long ticket = cache == null ? 0 : cache.ticket();
            for (int from = 0; from < toAsk.size(); from += config.batchSize()) {
                List<PdpResource> chunk = toAsk.subList(from, Math.min(toAsk.size(), from + config.batchSize()));
                List<PdpDecision> answers = config.pdp().decideBatch(access.token(), guard.action(), access.purpose(),
                        chunk, access.context());
                for (int i = 0; i < chunk.size(); i++) {
                    decisions.put(chunk.get(i).id(), answers.get(i));
                }
            }
            if (cache != null) {
                keys.forEach((id, key) -> {
                    PdpDecision decision = decisions.get(id);
                    if (decision.allow()) {
                        cache.put(key, decision, ticket);
                    }
                });
            }
        } catch (PdpUnavailableException e) {
            replace(response, unavailable(e));
            return;
        } catch (PdpRejectedRequestException e) {
            replace(response, rejected(e));
            return;
        }

        ArrayNode kept = mapper.createArrayNode();
        Map<PdpDecision.Fields, Obligations> obligations = new HashMap<>();
        int withheld = 0;
        for (int i = 0; i < rows.size(); i++) {
            PdpDecision decision = rowIds.get(i) == null ? null : decisions.get(rowIds.get(i));
            JsonNode row = decision == null || !decision.allow() ? null
                    : obligations.computeIfAbsent(decision.fields(), f -> new Obligations(f, guard.fields(), guard.unguarded(), masks))
                            .apply(rows.get(i));
            if (row == null) {
                withheld++;
            } else {
                kept.add(row);
            }
        }
        JsonNode minimised = guard.rows().isEmpty() ? kept : ((ObjectNode) entity).set(guard.rows(), kept);
        request.setProperty(DECISIONS_PROPERTY,
                resources.stream().map(r -> decisions.get(r.id())).toList());
        setJson(response, mapper, minimised);
        response.getHeaders().putSingle(WITHHELD_HEADER, Integer.toString(withheld));
    }

    private static String idText(JsonNode id) {
        if (id == null || !(id.isTextual() || id.isIntegralNumber())) {
            return null;
        }
        String text = id.asText();
        return text.isEmpty() ? null : text;
    }

    private ObjectMapper mapper(ContainerResponseContext response) {
        if (config.objectMapper() != null) {
            return config.objectMapper();
        }
        if (providers != null) {
            try {
                MediaType type = response.getMediaType() == null ? MediaType.APPLICATION_JSON_TYPE : response.getMediaType();
                ContextResolver<ObjectMapper> resolver = providers.getContextResolver(ObjectMapper.class, type);
                ObjectMapper mapper = resolver == null ? null : resolver.getContext(response.getEntityClass());
                if (mapper != null) {
                    return mapper;
                }
            } catch (RuntimeException e) {
                // no usable resolver: the SDK's own mapper
            }
        }
        return SDK_JSON;
    }

    /** @return the entity as a JSON tree, or null when it cannot be one */
    private static JsonNode toTree(ContainerResponseContext response, ObjectMapper mapper) {
        Object entity = response.getEntity();
        try {
            if (entity instanceof JsonNode node) {
                return node.deepCopy();
            }
            if (entity instanceof String text) {
                return mapper.readTree(text);
            }
            if (entity instanceof byte[] bytes) {
                return mapper.readTree(bytes);
            }
            if (entity instanceof InputStream || entity instanceof Reader || entity instanceof StreamingOutput
                    || entity instanceof File || entity instanceof java.nio.file.Path) {
                return null;
            }
            return mapper.valueToTree(entity);
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    private static void setJson(ContainerResponseContext response, ObjectMapper mapper, JsonNode json) {
        String text;
        try {
            text = mapper.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("minimised response could not be written", e);
        }
        response.getHeaders().remove(HttpHeaders.CONTENT_LENGTH);
        response.setEntity(text, NO_ANNOTATIONS, MediaType.APPLICATION_JSON_TYPE);
    }

    private static void withhold(ContainerResponseContext response, String code, String message) {
        LOG.log(Level.WARNING, "response withheld: {0}", message);
        replace(response, 503, Problems.json(503, "decision-unavailable", "Decision unavailable",
                "no access decision could be applied; the response is withheld", null,
                List.of(new PdpDecision.Reason(code, message))));
    }

    private static void replace(ContainerResponseContext response, Response problem) {
        replace(response, problem.getStatus(), (String) problem.getEntity());
        String retryAfter = problem.getHeaderString(HttpHeaders.RETRY_AFTER);
        if (retryAfter != null) {
            response.getHeaders().putSingle(HttpHeaders.RETRY_AFTER, retryAfter);
        }
    }

    private static void replace(ContainerResponseContext response, int status, String problem) {
        response.setStatus(status);
        response.getHeaders().remove(HttpHeaders.CONTENT_LENGTH);
        response.getHeaders().remove(HttpHeaders.ETAG);
        response.getHeaders().remove(HttpHeaders.LOCATION);
        response.getHeaders().remove(WITHHELD_HEADER);
        response.getHeaders().remove(REVIEW_HEADER);
        response.getHeaders().remove(HttpHeaders.RETRY_AFTER);
        response.setEntity(problem, NO_ANNOTATIONS, Problems.PROBLEM_JSON);
    }

    // ---------------------------------------------------------------- problems

    private static Response unavailable(PdpUnavailableException e) {
        LOG.log(Level.WARNING, "access denied: no decision from the PDP ({0})", e.getMessage());
        PdpDecision denial = e.denial().orElseGet(() -> new PdpDecision(null, false, null,
                List.of(new PdpDecision.Reason("pdp.unavailable", "the policy decision point did not answer")), null));
        Response.ResponseBuilder problem = Response.status(503).type(Problems.PROBLEM_JSON)
                .entity(Problems.json(503, "decision-unavailable", "Decision unavailable",
                        "no access decision could be made; access is denied", denial.decisionId(), denial.reasons()));
        // the PDP shed the request and said when to come back: the caller is told the same, and nothing is retried here
        e.retryAfter().ifPresent(wait -> problem.header(HttpHeaders.RETRY_AFTER, Long.toString(wait.toSeconds())));
        return problem.build();
    }

    private static Response rejected(PdpRejectedRequestException e) {
        String slug = e.status() == 401 ? "invalid-token" : "invalid-request";
        String title = e.status() == 401 ? "Invalid or missing token" : "Invalid request";
        return Problems.of(e.status(), slug, title, e.detail());
    }

    /** RFC 6750: the scheme (any case), white space, the token; read on every request, so without a regex. */
    static Optional<String> bearerToken(String authorization) {
        if (authorization == null) {
            return Optional.empty();
        }
        String value = authorization.strip();
        int space = 0;
        while (space < value.length() && !Character.isWhitespace(value.charAt(space))) {
            space++;
        }
        if (space != 6 || !value.regionMatches(true, 0, "Bearer", 0, 6)) {
            return Optional.empty();
        }
        String token = value.substring(space).strip();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }
}
