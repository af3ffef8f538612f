package io.purposegate.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The decision log's promise with the real PDP, now that decisions are evaluated in-process: every decision the PDP
 * answered is in the log, even when the PDP is killed with {@code kill -9} in the middle of a load (concurrent
 * callers, group commits in flight), and the hash chain still verifies after the restart.
 */
class DecisionLogCrashE2ETest {

    @BeforeAll
    static void startStack() {
        Stack.get();
    }

    @Test
    void everyAnsweredDecisionIsInTheLogAfterThePdpIsKilledUnderLoad() throws Exception {
        Stack stack = Stack.get();
        assertThat(stack.own()).as("this test kills the PDP: it needs the tests' own stack").isTrue();
        String sam = stack.accessToken("sam", "support-console", "support-console-secret");
        String subject = "crash-" + UUID.randomUUID();
        String body = """
                {"action":"read","purpose":"support","resource":{"type":"customer","id":"c-crash","owner":"%s",
                 "fields":["name","email"]}}""".formatted(subject);
        Set<String> answered = ConcurrentHashMap.newKeySet();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> load = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                load.add(callers.submit(() -> {
                    while (running.get()) {
                        try {
                            HttpResponse<String> response = Stack.HTTP.send(HttpRequest.newBuilder(URI.create(Stack.PDP + "/v1/decisions"))
                                    .timeout(Duration.ofSeconds(5)).header("Authorization", "Bearer " + sam)
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                            if (response.statusCode() == 200) {
                                answered.add(Stack.JSON.readTree(response.body()).path("decision_id").asText());
                            }
                        } catch (java.io.IOException refused) {
                            // the PDP is gone: the requests in flight were never answered
                        }
                    }
                    return null;
                }));
            }
            await("decisions answered under load").atMost(Duration.ofSeconds(30)).until(() -> answered.size() >= 300);
            killPdp();
            running.set(false);
            for (Future<?> caller : load) {
                caller.get();
            }
        } finally {
            callers.shutdownNow();
        }
        Set<String> acknowledged = Set.copyOf(answered);

        stack.start("pdp");
        String olga = stack.accessToken("olga", "support-console", "support-console-secret");
        Set<String> logged = new HashSet<>();
        String next = null;
        do {
            HttpResponse<String> page = get(Stack.PDP + "/v1/decisions?subject=" + subject + "&limit=100"
                    + (next == null ? "" : "&cursor=" + URLEncoder.encode(next, StandardCharsets.UTF_8)), olga);
            assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
            JsonNode json = Stack.JSON.readTree(page.body());
            json.path("decisions").forEach(d -> logged.add(d.path("decision_id").asText()));
            next = json.hasNonNull("next") ? json.path("next").asText() : null;
        } while (next != null);

        assertThat(acknowledged).as("answered before the kill").hasSizeGreaterThanOrEqualTo(300);
        assertThat(logged).as("in the log after the restart").containsAll(acknowledged);
        HttpResponse<String> verify = get(Stack.PDP + "/v1/decisions/verify", olga);
        assertThat(Stack.JSON.readTree(verify.body()).path("valid").asBoolean()).as(verify.body()).isTrue();
    }

    /** SIGKILL to the PDP's process group, as a crash would, and wait until it is gone. */
    private static void killPdp() throws Exception {
        Path pidFile = Stack.get().root().resolve(".tools/state-test/run/pdp.pid");
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        Process kill = new ProcessBuilder("kill", "-KILL", "--", "-" + pid).inheritIO().start();
        assertThat(kill.waitFor()).as("kill -9 of the PDP's process group").isZero();
        await("PDP gone").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
    }

    private static HttpResponse<String> get(String url, String token) throws Exception {
        return Stack.HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
