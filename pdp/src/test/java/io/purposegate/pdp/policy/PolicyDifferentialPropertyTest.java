package io.purposegate.pdp.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The compiled policy and OPA decide alike over generated inputs: mixes of the catalog's purposes and unknown ones,
 * every action, role and client, consent records in every state with valid and broken times, rights, jurisdictions,
 * retention anchors across the years (valid RFC 3339 with offsets and fractions, and not), and the request clock.
 * Both entrypoints; batches mix these inputs.
 */
class PolicyDifferentialPropertyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> PURPOSES = List.of("service", "account", "support", "analytics", "personalisation",
            "marketing", "sharing", "research", "legal", "storage", "unknown-purpose", "");
    private static final List<String> ACTIONS = List.of("read", "list", "create", "update", "delete", "export", "erase", "share");
    private static final List<String> ROLES = List.of("support-agent", "marketing-staff", "privacy-officer", "customer",
            "break-glass", "default-roles-demo");
    private static final List<String> CLIENTS = List.of("support-console", "marketing-app", "crm-web", "unregistered-app");
    private static final List<String> FIELDS = List.of("name", "email", "phone", "address", "birth_date", "orders", "segment",
            "ssn", "notes");
    private static final String ALICE = "00000000-0000-4000-8000-0000000a11ce";

    @Property(tries = 400)
    void generatedDecisionsAreTheSameInBothEngines(@ForAll("inputs") Map<String, Object> input) throws Exception {
        String json = JSON.writeValueAsString(input);
        assertThat(BothEngines.shared().differences(BothEngines.DECISION, json)).as("differences for %s", json).isEmpty();
    }

    @Property(tries = 60)
    void generatedBatchesAreTheSameInBothEngines(@ForAll("batches") List<Map<String, Object>> items) throws Exception {
        String json = JSON.writeValueAsString(Map.of("items", items));
        assertThat(BothEngines.shared().differences(BothEngines.BATCH, json)).as("differences for %s", json).isEmpty();
    }

    @Provide
    Arbitrary<List<Map<String, Object>>> batches() {
        return inputs().list().ofMinSize(1).ofMaxSize(6);
    }

    @Provide
    Arbitrary<Map<String, Object>> inputs() {
        Arbitrary<String> now = times();
        Arbitrary<Map<String, Object>> resource = Combinators.combine(fields(), anchor(), Arbitraries.of("customer", "order", "x"),
                Arbitraries.of(ALICE, "someone-else")).as((fields, anchor, type, owner) -> {
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("type", type);
                    r.put("id", "c-1");
                    r.put("owner", owner);
                    r.put("fields", fields);
                    if (anchor != null) {
                        r.put(anchor.getKey(), anchor.getValue());
                    }
                    return r;
                });
        Arbitrary<Map<String, Object>> actor = Combinators.combine(Arbitraries.of(CLIENTS), Arbitraries.subsetOf(ROLES),
                Arbitraries.of(true, false), Arbitraries.of(ALICE, "sam-id")).as((client, roles, human, user) -> {
                    Map<String, Object> a = new LinkedHashMap<>();
                    a.put("client_id", client);
                    a.put("user_id", user);
                    a.put("username", "u");
                    a.put("roles", new ArrayList<>(roles));
                    a.put("human", human);
                    return a;
                });
        Arbitrary<Object> training = Arbitraries.oneOf(Arbitraries.longs().between(1_600_000_000L, 1_900_000_000L).map(l -> (Object) l),
                Arbitraries.of("2026-01-01", "").map(s -> (Object) s), Arbitraries.just(null));
        Arbitrary<Map<String, Object>> context = Combinators.combine(Arbitraries.of(true, false),
                Arbitraries.of("", "ticket 123", "x".repeat(3))).as((gpc, why) -> {
                    Map<String, Object> c = new LinkedHashMap<>();
                    c.put("gpc", gpc);
                    if (!why.isEmpty()) {
                        c.put("justification", why);
                    }
                    return c;
                });
        return Combinators.combine(now, Arbitraries.of(ACTIONS), Arbitraries.of(PURPOSES), resource, actor, subject(), training,
                context).as((time, action, purpose, res, who, subj, trained, ctx) -> {
                    Map<String, Object> token = new LinkedHashMap<>();
                    token.put("azp", who.get("client_id"));
                    token.put("sub", who.get("user_id"));
                    token.put("purposes", List.of(purpose, "service"));
                    token.put("privacy_training", trained);
                    token.put("realm_access", Map.of("roles", who.get("roles")));
                    Map<String, Object> input = new LinkedHashMap<>();
                    input.put("time", time);
                    input.put("action", action);
                    input.put("purpose", purpose);
                    input.put("resource", res);
                    input.put("token", token);
                    input.put("actor", who);
                    input.put("subject", subj);
                    input.put("context", ctx);
                    return input;
                });
    }

    private Arbitrary<List<String>> fields() {
        return Arbitraries.subsetOf(FIELDS).map(ArrayList::new);
    }

    /** resource.retention_from or created_at (or neither), from 1995 to 2099, or not a time at all. */
    private Arbitrary<Map.Entry<String, Object>> anchor() {
        return Arbitraries.oneOf(
                Combinators.combine(Arbitraries.of("retention_from", "created_at"), times()).as(Map::<String, Object>entry),
                Arbitraries.just(null));
    }

    private Arbitrary<Map<String, Object>> subject() {
        Arbitrary<Map<String, Object>> record = Combinators.combine(Arbitraries.of("given", "refused", "withdrawn", "expired", "maybe"),
                times(), Arbitraries.oneOf(times(), Arbitraries.just(null))).as((state, time, expires) -> {
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("state", state);
                    r.put("time", time);
                    if (expires != null) {
                        r.put("expires_at", expires);
                    }
                    return r;
                });
        Arbitrary<Map<String, Object>> consents = Arbitraries.maps(Arbitraries.of(PURPOSES), record).ofMaxSize(4)
                .map(LinkedHashMap::new);
        return Combinators.combine(consents, Arbitraries.of("EU", "US-CA", "BR", "XX"), Arbitraries.of(true, false),
                Arbitraries.subsetOf(PURPOSES), Arbitraries.of(true, false), Arbitraries.of(true, false)).as(
                        (given, jurisdiction, restricted, objections, erasure, known) -> {
                            Map<String, Object> s = new LinkedHashMap<>();
                            s.put("id", ALICE);
                            s.put("known", known);
                            s.put("v", 3);
                            s.put("jurisdiction", jurisdiction);
                            s.put("notice", "2026-11");
                            s.put("consents", given);
                            s.put("rights", Map.of("restricted", restricted, "objections", new ArrayList<>(objections),
                                    "erasure_pending", erasure));
                            return s;
                        });
    }

    /** RFC 3339 times with offsets and fractions, invalid days and hours, dates alone, and words. */
    private Arbitrary<String> times() {
        Arbitrary<String> valid = Combinators.combine(Arbitraries.integers().between(1995, 2099), Arbitraries.integers().between(1, 12),
                Arbitraries.integers().between(1, 31), Arbitraries.integers().between(0, 24), Arbitraries.integers().between(0, 59),
                Arbitraries.of("", ".5", ".123", ".123456789", ".1234567891"), Arbitraries.of("Z", "+02:00", "-05:30", "+14:00", "z"))
                .as((y, mo, d, h, mi, frac, zone) -> String.format("%04d-%02d-%02dT%02d:%02d:07%s%s", y, mo, d, h, mi, frac, zone));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, valid),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("2026-11-29", "now", "", "2026-11-29 10:15:02Z", "2026-02-30T00:00:00Z")));
    }
}
