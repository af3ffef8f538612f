package io.purposegate.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A withdrawal right after an outage is as fast as in steady state: the PDP is down while a customer
 * changes her consent 20 times, Keycloak is killed with {@code kill -9} and started again, the PDP
 * comes back and resyncs; her next withdrawal denies an older staff token within a second. The
 * outbox must not make it wait behind the 20 events the resync already made stale.
 *
 * <p>The customer is the demo realm's customer077 (EU), whom no other test uses; she gets a password
 * here. Every service this test stops runs and is ready again when it ends.
 */
class ConsentOutageE2ETest {

    /** customer077 of the demo realm (Noor de Jong, EU). */
    static final String CUSTOMER = "00000000-0000-4000-8000-0000c0000077";
    static final String USERNAME = "customer077";

    static Stack stack;

    @BeforeAll
    static void startStack() {
        stack = Stack.get();
    }

    @AfterAll
    static void leaveTheStackReady() {
        // 'start' of a running service only waits until it is ready
        stack.start("keycloak");
        stack.start("pdp");
    }

    @Test
    void aWithdrawalRightAfterAnOutageDeniesAnOlderTokenWithinOneSecond() throws Exception {
        giveCredential();
        setConsent("{\"granted\":[\"analytics\"]}");
        String before = staffToken();
        long beforeOutage = consentVersion();
        awaitDecision(before, beforeOutage, true, "the grant before the outage");

        stack.stop("pdp");
        try {
            // 20 changes the PDP misses: withdrawn, given, withdrawn ... given
            for (int change = 1; change <= 20; change++) {
                setConsent(change % 2 == 1 ? "{\"refused\":[\"analytics\"]}" : "{\"granted\":[\"analytics\"]}");
            }
            killKeycloak();
            stack.start("keycloak");
        } finally {
            stack.start("pdp");
        }

        // Keycloak kept every change it acknowledged, and the PDP decides on the newest (resync or outbox)
        long newest = consentVersion();
        assertThat(newest).as("no acknowledged change lost to kill -9").isEqualTo(beforeOutage + 20);
        String older = staffToken();
        awaitDecision(older, newest, true, "her newest state after the outage");

        setConsent("{\"refused\":[\"analytics\"]}");
        long withdrawn = System.nanoTime();
        AtomicReference<JsonNode> last = new AtomicReference<>();
        await("the first denial after the withdrawal").atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(25))
                .until(() -> {
                    last.set(decide(older));
                    return !last.get().path("allow").asBoolean();
                });
        System.out.println("[outage] first denied decision " + (System.nanoTime() - withdrawn) / 1_000_000
                + " ms after the withdrawal was answered");
        assertThat(codes(last.get())).contains("consent.withdrawn");
        assertThat(last.get().path("consent_v").asLong()).isEqualTo(newest + 1);
        assertThat(last.get().path("fields").path("allowed")).isEmpty();
    }

    /** Waits until the PDP decides on the customer's consent version {@code v} with the expected outcome. */
    private static void awaitDecision(String token, long v, boolean allow, String what) {
        AtomicReference<JsonNode> last = new AtomicReference<>();
        await(what).atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    last.set(decide(token));
                    return last.get().path("consent_v").asLong() == v && last.get().path("allow").asBoolean() == allow;
                });
    }

    /** The customer's consent version as Keycloak holds it, read with her own token. */
    private static long consentVersion() throws Exception {
        HttpResponse<String> response = KeycloakAdmin.send("GET", Stack.REALM + "/privacy/me/consents",
                KeycloakAdmin.selfServiceToken(USERNAME), null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Stack.JSON.readTree(response.body()).path("v").asLong();
    }

    /** The demo customer has no password in the realm file: the test sets one through the admin API. */
    private static void giveCredential() throws Exception {
        HttpResponse<String> response = KeycloakAdmin.send("PUT", KeycloakAdmin.ADMIN + "/users/" + CUSTOMER + "/reset-password",
                KeycloakAdmin.adminToken(), "{\"type\":\"password\",\"value\":\"" + USERNAME + "\",\"temporary\":false}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
    }

    /** Kills Keycloak's whole process group with SIGKILL, as a crash would, and waits until it is gone. */
    private static void killKeycloak() throws Exception {
        Path pidFile = Path.of(System.getProperty("purposegate.root", "..")).toAbsolutePath().normalize()
                .resolve(".tools/state-test/run/keycloak.pid");
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        Process kill = new ProcessBuilder("kill", "-KILL", "--", "-" + pid).inheritIO().start();
        assertThat(kill.waitFor()).as("kill -9 of Keycloak's process group").isZero();
        await("Keycloak gone").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true)
                        && !answers(Stack.KEYCLOAK + "/realms/demo"));
    }

    private static boolean answers(String url) {
        try {
            Stack.HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(1)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return true;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** mia (marketing staff, trained) through the vendor's marketing-app: may read for analytics with consent. */
    private static String staffToken() throws Exception {
        return stack.accessToken("mia", "marketing-app", "marketing-app-secret");
    }

    private static void setConsent(String body) throws Exception {
        String token = KeycloakAdmin.selfServiceToken(USERNAME);
        HttpResponse<String> response = KeycloakAdmin.send("PUT", Stack.REALM + "/privacy/me/consents", token, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private static JsonNode decide(String token) throws Exception {
        String body = Stack.JSON.writeValueAsString(Map.of(
                "action", "read", "purpose", "analytics",
                "resource", Map.of("type", "customer", "id", "c-outage", "owner", CUSTOMER,
                        "fields", List.of("orders", "segment")),
                "context", Map.of("gpc", false)));
        HttpResponse<String> response = Stack.HTTP.send(HttpRequest.newBuilder(URI.create(Stack.PDP + "/v1/decisions"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Stack.JSON.readTree(response.body());
    }

    private static List<String> codes(JsonNode decision) {
        List<String> codes = new ArrayList<>();
        decision.path("reasons").forEach(r -> codes.add(r.path("code").asText()));
        return codes;
    }
}
