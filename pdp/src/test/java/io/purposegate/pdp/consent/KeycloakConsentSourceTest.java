package io.purposegate.pdp.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The PDP's client of Keycloak's resync endpoint, against a small HTTP double of it (the real one is
 * exercised end to end): client credentials, cursor paging as the registry reads it, one subject.
 */
class KeycloakConsentSourceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpServer server;
    private final TreeMap<String, SubjectState> users = new TreeMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    /** Users left out of the next page although it names a next cursor (erased while it was read). */
    private volatile int shortBy;
    private KeycloakConsentSource source;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/token", exchange -> {
            String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add("token " + form);
            respond(exchange, 200, Map.of("access_token", "service-token", "expires_in", 300));
        });
        server.createContext("/admin/realms/demo/privacy/sync/subjects", this::sync);
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        source = new KeycloakConsentSource(URI.create(base + "/admin/realms/demo"), URI.create(base + "/token"), "pdp",
                "pdp-secret");
        for (int i = 0; i < 7; i++) {
            users.put("user-" + i, FakeKeycloakConsents.state("user-" + i, i, "analytics", "given"));
        }
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void sync(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String query = exchange.getRequestURI().getRawQuery();
        requests.add(path + (query == null ? "" : "?" + query) + " " + exchange.getRequestHeaders().getFirst("Authorization"));
        String one = path.substring("/admin/realms/demo/privacy/sync/subjects".length());
        if (!one.isEmpty()) {
            SubjectState state = users.get(one.substring(1));
            respond(exchange, state == null ? 404 : 200, state == null ? Map.of("status", 404) : state);
            return;
        }
        Map<String, String> params = new TreeMap<>();
        for (String pair : query.split("&")) {
            params.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
        }
        int limit = Integer.parseInt(params.get("limit"));
        String after = params.getOrDefault("cursor", "");
        List<SubjectState> page = new ArrayList<>(users.tailMap(after, false).values());
        boolean more = page.size() > limit;
        page = page.subList(0, Math.min(limit, page.size()));
        String next = more ? page.get(page.size() - 1).userId() : null;
        if (shortBy > 0 && next != null) {
            page = page.subList(0, page.size() - shortBy);
            shortBy = 0;
        }
        Map<String, Object> body = new TreeMap<>();
        body.put("subjects", page);
        if (next != null) {
            body.put("next", next);
        }
        respond(exchange, 200, body);
    }

    private static void respond(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private List<String> passOf(int pageSize) throws IOException {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            SubjectPage page = source.page(cursor, pageSize);
            page.subjects().forEach(state -> seen.add(state.userId()));
            cursor = page.next();
        } while (cursor != null);
        return seen;
    }

    @Test
    void aPassFollowsTheCursorWithTheServiceAccountsToken() throws IOException {
        assertThat(passOf(3)).containsExactly("user-0", "user-1", "user-2", "user-3", "user-4", "user-5", "user-6");
        assertThat(requests).first().asString().startsWith("token ").contains("grant_type=client_credentials",
                "client_id=pdp");
        assertThat(requests.subList(1, requests.size())).containsExactly(
                "/admin/realms/demo/privacy/sync/subjects?limit=3 Bearer service-token",
                "/admin/realms/demo/privacy/sync/subjects?limit=3&cursor=user-2 Bearer service-token",
                "/admin/realms/demo/privacy/sync/subjects?limit=3&cursor=user-5 Bearer service-token");
    }

    @Test
    void aUserErasedDuringThePassDoesNotHideTheOthers() throws IOException {
        List<String> seen = new ArrayList<>();
        SubjectPage first = source.page(null, 3);
        seen.addAll(first.subjects().stream().map(SubjectState::userId).toList());
        users.remove("user-0");
        users.remove("user-1");
        // an offset would now start at user-5; the cursor continues after user-2
        seen.addAll(source.page(first.next(), 3).subjects().stream().map(SubjectState::userId).toList());
        assertThat(seen).containsExactly("user-0", "user-1", "user-2", "user-3", "user-4", "user-5");
    }

    @Test
    void aShortPageWithANextCursorDoesNotEndThePass() throws IOException {
        shortBy = 1;
        // user-2 was erased while the first page was read; the pass goes on after it
        assertThat(passOf(3)).containsExactly("user-0", "user-1", "user-3", "user-4", "user-5", "user-6");
    }

    @Test
    void aFullLastPageEndsThePassWithoutAnotherRequest() throws IOException {
        users.remove("user-6");
        SubjectPage first = source.page(null, 3);
        assertThat(first.subjects()).hasSize(3);
        SubjectPage last = source.page(first.next(), 3);
        assertThat(last.subjects()).hasSize(3);
        assertThat(last.next()).isNull();
        assertThat(requests.stream().filter(r -> r.startsWith("/admin"))).hasSize(2);
    }

    @Test
    void oneSubjectAndAnUnknownOne() throws IOException {
        assertThat(source.one("user-4", Duration.ofSeconds(2))).get().extracting(SubjectState::v).isEqualTo(4L);
        assertThat(source.one("nobody", Duration.ofSeconds(2))).isEmpty();
        assertThat(requests).contains("/admin/realms/demo/privacy/sync/subjects/user-4 Bearer service-token");
    }
}
