package io.purposegate.pdp.decision;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.purposegate.pdp.PdpConfig;
import io.purposegate.pdp.consent.ConsentRegistry;
import io.purposegate.pdp.log.DecisionLog;
import io.purposegate.pdp.log.DecisionLogUnavailableException;
import io.purposegate.pdp.log.LoggedDecision;
import io.purposegate.pdp.policy.PolicyDecision;
import io.purposegate.pdp.policy.PolicyEngine;
import io.purposegate.pdp.policy.PolicyEngineUnavailableException;
import io.purposegate.pdp.policy.PolicyOverloadedException;
import io.purposegate.pdp.token.AccessTokenVerifier;
import io.purposegate.pdp.token.InvalidTokenException;
import io.purposegate.pdp.token.SigningKeysUnavailableException;
import io.purposegate.pdp.token.VerifiedToken;

/**
 * The one decision flow, for {@code POST /v1/decisions} (a batch of one) and {@code POST /v1/decisions/batch}: verify
 * the caller's token (cached), check the request, join each subject's consent state (in memory), evaluate the policy
 * (in-process, behind admission control), make every decision durable in the log (group commit), answer. Fails
 * closed: without a decision, or without its log entry, every item is denied with 503. A request shed by admission
 * control is answered {@code 503 pdp.overloaded} with {@code Retry-After}; it was not decided, so it is not logged.
 */
@ApplicationScoped
public class DecisionService {

    static final String ENGINE_UNAVAILABLE = "engine.unavailable";
    static final String KEYS_UNAVAILABLE = "token.keys_unavailable";
    static final String LOG_UNAVAILABLE = "log.unavailable";
    static final String OVERLOADED = "pdp.overloaded";
    static final String NOT_PERMITTED = "access.not_permitted";
    static final String DECISIONS_METRIC = "purposegate.decisions";

    private static final Logger LOG = Logger.getLogger(DecisionService.class);

    /** What to answer: a status, one decision per item in order, and when to retry (503 only). */
    public record Outcome(int status, List<DecisionResponse> decisions, Duration retryAfter) {
    }

    /** Checks the request once the caller is known (authentication comes first): throws the 400 problem. */
    @FunctionalInterface
    public interface Validation {
        void check();
    }

    private final AccessTokenVerifier tokens;
    private final PolicyEngine engine;
    private final ConsentRegistry consents;
    private final DecisionLog decisionLog;
    private final boolean logging;
    private final MeterRegistry metrics;
    private final Counter allowed;
    private final Counter denied;
    private final Counter engineUnavailable;
    private final Counter keysUnavailable;
    private final Counter logUnavailable;
    private final Counter overloaded;
    private final Counter engineErrors;
    private final Counter reviews;

    DecisionService(AccessTokenVerifier tokens, PolicyEngine engine, ConsentRegistry consents, DecisionLog decisionLog,
            PdpConfig config, MeterRegistry metrics) {
        this.tokens = tokens;
        this.engine = engine;
        this.consents = consents;
        this.decisionLog = decisionLog;
        this.logging = config.log().enabled();
        this.metrics = metrics;
        this.allowed = metrics.counter(DECISIONS_METRIC, "outcome", "allow");
        this.denied = metrics.counter(DECISIONS_METRIC, "outcome", "deny");
        this.engineUnavailable = metrics.counter(DECISIONS_METRIC, "outcome", ENGINE_UNAVAILABLE);
        this.keysUnavailable = metrics.counter(DECISIONS_METRIC, "outcome", KEYS_UNAVAILABLE);
        this.logUnavailable = metrics.counter(DECISIONS_METRIC, "outcome", LOG_UNAVAILABLE);
        this.overloaded = metrics.counter(DECISIONS_METRIC, "outcome", OVERLOADED);
        this.engineErrors = metrics.counter("purposegate.opa.errors");
        this.reviews = metrics.counter("purposegate.decisions.review");
    }

    /**
     * Decides {@code items} (null: no body) for the bearer of {@code authorization}.
     *
     * @throws InvalidTokenException no token, or one that fails verification (401)
     */
    public Outcome decide(String authorization, List<DecisionRequest> items, Validation validation) throws InvalidTokenException {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<DecisionRequest> asked = items == null ? List.of() : items;
        VerifiedToken caller;
        try {
            caller = tokens.verifyAuthorizationHeader(authorization);
        } catch (SigningKeysUnavailableException e) {
            keysUnavailable.increment(Math.max(1, asked.size()));
            LOG.warnf("%d decisions denied: %s", asked.size(), e.getMessage());
            return unavailable(now, asked, KEYS_UNAVAILABLE, "the token's signing keys could not be loaded; access is denied");
        }
        validation.check();
        int n = asked.size();
        List<String> ids = new ArrayList<>(n);
        List<Long> consentVersions = new ArrayList<>(n);
        List<Map<String, Object>> inputs = new ArrayList<>(n);
        for (DecisionRequest item : asked) {
            ids.add(DecisionIds.at(now.toEpochMilli()).toString());
            Map<String, Object> subject = consents.policyInput(item.resource().owner());
            consentVersions.add(DecisionResponse.consentVersion(subject));
            inputs.add(PolicyInput.of(now, caller, item, subject));
        }
        List<PolicyDecision> decisions;
        String revision;
        String dataVersion;
        boolean decided;
        try {
            if (n == 1) {
                PolicyEngine.Answer answer = engine.decide(inputs.get(0));
                decisions = List.of(answer.decision());
                revision = answer.policyRevision();
                dataVersion = answer.dataVersion();
            } else {
                PolicyEngine.BatchAnswer answer = engine.decideAll(inputs);
                decisions = answer.decisions();
                revision = answer.policyRevision();
                dataVersion = answer.dataVersion();
            }
            decided = true;
        } catch (PolicyOverloadedException e) {
            overloaded.increment(n);
            LOG.debugf("%d decisions shed: %s", n, e.getMessage());
            List<DecisionResponse> answers = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                answers.add(undecided(ids.get(i), asked.get(i), OVERLOADED,
                        "the PDP is overloaded and did not decide; access is denied, retry after the time given", null, null));
            }
            return new Outcome(503, answers, e.retryAfter());
        } catch (PolicyEngineUnavailableException e) {
            engineErrors.increment();
            LOG.warnf("%d decisions (%s to %s) denied: policy engine unavailable: %s", n, ids.get(0), ids.get(n - 1), e.getMessage());
            decisions = new ArrayList<>(n);
            for (DecisionRequest item : asked) {
                decisions.add(new PolicyDecision(false,
                        List.of(new PolicyDecision.Reason(ENGINE_UNAVAILABLE, "the policy engine could not decide; access is denied")),
                        PolicyDecision.Fields.noneOf(item.requestedFields())));
            }
            revision = null;
            dataVersion = null;
            decided = false;
        }
        if (logging) {
            List<LoggedDecision> entries = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                entries.add(logged(ids.get(i), now, caller, asked.get(i), decisions.get(i), revision, dataVersion));
            }
            try {
                decisionLog.recordAll(entries);
            } catch (DecisionLogUnavailableException e) {
                logUnavailable.increment(n);
                LOG.errorf("%d decisions (%s to %s) denied: %s", n, ids.get(0), ids.get(n - 1), e.getMessage());
                List<DecisionResponse> answers = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    answers.add(undecided(ids.get(i), asked.get(i), LOG_UNAVAILABLE,
                            "the decision could not be recorded; access is denied", revision,
                            shownConsentVersion(decisions.get(i), consentVersions.get(i))));
                }
                return new Outcome(503, answers, null);
            }
        }
        List<DecisionResponse> answers = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            PolicyDecision decision = decisions.get(i);
            if (decided) {
                count(decision);
            }
            answers.add(new DecisionResponse(ids.get(i), decision.allow(), decision.fields(), decision.reasons(),
                    decided ? revision : null, decision.needsReview(),
                    decided ? shownConsentVersion(decision, consentVersions.get(i)) : null, decided ? dataVersion : null));
        }
        if (!decided) {
            engineUnavailable.increment(n);
            return new Outcome(503, answers, null);
        }
        return new Outcome(200, answers, null);
    }

    /**
     * The subject's consent version as the caller may see it: none for a caller the policy found may not access this
     * subject's data for this purpose at all ({@code access.not_permitted}: no consent oracle, docs/pdp.md), so that
     * the answer about a known subject equals the answer about an unknown one. An engine outage shows none either:
     * without a decision it is not known whether the caller may access.
     */
    static Long shownConsentVersion(PolicyDecision decision, Long consentV) {
        for (PolicyDecision.Reason reason : decision.reasons()) {
            if (NOT_PERMITTED.equals(reason.code())) {
                return null;
            }
        }
        return consentV;
    }

    private void count(PolicyDecision decision) {
        if (decision.allow()) {
            allowed.increment();
        } else {
            denied.increment();
            for (PolicyDecision.Reason reason : decision.reasons()) {
                metrics.counter("purposegate.decisions.denied", "reason", reason.code() == null ? "none" : reason.code()).increment();
            }
        }
        if (decision.needsReview()) {
            reviews.increment();
        }
    }

    /** No decision could be had before the request was checked: every item denied, with 503, nothing logged. */
    private static Outcome unavailable(Instant now, List<DecisionRequest> items, String code, String message) {
        List<DecisionResponse> answers = new ArrayList<>(Math.max(1, items.size()));
        for (DecisionRequest item : items) {
            answers.add(undecided(DecisionIds.at(now.toEpochMilli()).toString(), item, code, message, null, null));
        }
        if (answers.isEmpty()) {
            answers.add(undecided(DecisionIds.at(now.toEpochMilli()).toString(), null, code, message, null, null));
        }
        return new Outcome(503, answers, null);
    }

    private static LoggedDecision logged(String decisionId, Instant now, VerifiedToken caller, DecisionRequest request,
            PolicyDecision decision, String revision, String dataVersion) {
        PolicyDecision.Fields fields = decision.fields();
        return new LoggedDecision(decisionId, now.toString(),
                new LoggedDecision.Actor(caller.clientId(), caller.subject(), caller.username(), caller.realmRoles()),
                request.resource().owner(), request.purpose(), request.action(),
                new LoggedDecision.Resource(request.resource().type(), request.resource().id()),
                new LoggedDecision.Fields(request.requestedFields(), fields.allowed(),
                        fields.masked() == null ? Map.of() : fields.masked(), fields.denied()),
                decision.allow(),
                decision.reasons().stream().map(r -> new LoggedDecision.Reason(r.code(), r.message())).toList(),
                revision, decision.needsReview() ? Boolean.TRUE : null, dataVersion);
    }

    private static DecisionResponse undecided(String decisionId, DecisionRequest request, String code, String message,
            String revision, Long consentV) {
        // also reached before the request was validated: names that are not there are left out
        List<String> requested = request == null ? List.of()
                : request.requestedFields().stream().filter(Objects::nonNull).toList();
        return new DecisionResponse(decisionId, false, PolicyDecision.Fields.noneOf(requested),
                List.of(new PolicyDecision.Reason(code, message)), revision, false, consentV);
    }
}
