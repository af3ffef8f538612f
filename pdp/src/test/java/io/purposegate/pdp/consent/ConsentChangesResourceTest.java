package io.purposegate.pdp.consent;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.purposegate.pdp.FakeNeighbours;
import io.purposegate.pdp.token.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** {@code GET /v1/consent-events/changes}: cursor, changes, long-poll wake-up and timeout, resets, auth. */
@QuarkusTest
@QuarkusTestResource(FakeNeighbours.class)
class ConsentChangesResourceTest {

    private final String enforcerToken = TestTokens.sign(TestTokens.accessToken("svc-demo-crm", "service-account-demo-crm",
            "demo-crm", List.of("default-roles-demo", "purposegate-enforcer")).build());
    private final String samToken = TestTokens.sign(TestTokens.samAccessToken().build());
    private final String subject = "subject-" + UUID.randomUUID();

    private JsonPath changes(String after, Integer wait) {
        var request = given().auth().oauth2(enforcerToken);
        if (after != null) {
            request = request.queryParam("after", after);
        }
        if (wait != null) {
            request = request.queryParam("wait", wait);
        }
        return request.when().get("/v1/consent-events/changes")
                .then().statusCode(200).contentType("application/json").header("Cache-Control", "no-store")
                .extract().jsonPath();
    }

    @Test
    void withoutACursorTheCurrentCursorAndNoChanges() {
        JsonPath now = changes(null, 30);

        assertThat(now.getString("cursor")).isNotBlank();
        assertThat(now.getBoolean("reset")).isFalse();
        assertThat(now.getList("changes")).isEmpty();
    }

    @Test
    void anAppliedEventIsReportedAsSubjectAndVersionOnly() {
        String cursor = changes(null, null).getString("cursor");
        postEvent(subject, 3).then().statusCode(200);
        postEvent(subject, 3).then().statusCode(200); // a duplicate changes nothing

        JsonPath page = changes(cursor, null);

        assertThat(page.getBoolean("reset")).isFalse();
        List<Map<String, Object>> mine = page.<Map<String, Object>>getList("changes").stream()
                .filter(c -> subject.equals(c.get("subject"))).toList();
        assertThat(mine).containsExactly(Map.of("subject", subject, "v", 3));
        assertThat(changes(page.getString("cursor"), null).getList("changes")).isEmpty();
    }

    @Test
    void aWaitingRequestWakesUpWithTheChange() throws Exception {
        String cursor = changes(null, null).getString("cursor");
        long started = System.nanoTime();
        CompletableFuture<JsonPath> waiting = CompletableFuture.supplyAsync(() -> changes(cursor, 20));
        Thread.sleep(500);
        assertThat(waiting).isNotDone();

        postEvent(subject, 5).then().statusCode(200);

        JsonPath page = waiting.get(10, TimeUnit.SECONDS);
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)).isLessThan(10);
        assertThat(page.getList("changes.subject")).contains(subject);
    }

    @Test
    void aWaitWithoutChangeEndsEmptyWithTheSameCursor() {
        String cursor = changes(null, null).getString("cursor");
        long started = System.nanoTime();

        JsonPath page = changes(cursor, 1);

        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isGreaterThanOrEqualTo(900);
        assertThat(page.getList("changes")).isEmpty();
        assertThat(page.getString("cursor")).isEqualTo(cursor);
    }

    @Test
    void aCursorOfAnotherPdpStartIsAReset() {
        String foreign = new ConsentChanges(10).cursor();

        JsonPath page = changes(foreign, 30); // answered at once

        assertThat(page.getBoolean("reset")).isTrue();
        assertThat(page.getList("changes")).isEmpty();
        assertThat(changes(page.getString("cursor"), null).getBoolean("reset")).isFalse();
    }

    @Test
    void badCursorsAndWaitsAre400Problems() {
        given().auth().oauth2(enforcerToken).queryParam("after", "not a cursor").when().get("/v1/consent-events/changes")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0]", equalTo("after is not a cursor this API issued"));
        for (String wait : List.of("31", "-1", "soon", "1.5")) {
            given().auth().oauth2(enforcerToken).queryParam("wait", wait).when().get("/v1/consent-events/changes")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("errors[0]", equalTo("wait must be an integer from 0 to 30"));
        }
    }

    @Test
    void aVerifiedTokenWithTheEnforcerRoleIsNeeded() {
        given().when().get("/v1/consent-events/changes")
                .then().statusCode(401).contentType("application/problem+json").header("WWW-Authenticate", notNullValue());
        given().auth().oauth2(enforcerToken + "x").when().get("/v1/consent-events/changes")
                .then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(samToken).when().get("/v1/consent-events/changes")
                .then().statusCode(403).contentType("application/problem+json")
                .body("type", equalTo("urn:purposegate:problem:forbidden"));
    }

    @Test
    void theOpenApiDocumentDescribesTheFeed() {
        given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200).body(org.hamcrest.Matchers.containsString("/v1/consent-events/changes"));
    }

    private io.restassured.response.Response postEvent(String user, long v) {
        Map<String, Object> event = Map.of("id", "ev-" + v, "type", "consent.changed", "user_id", user, "v", v,
                "previous_v", v - 1, "time", Instant.now().toString(), "jurisdiction", "EU", "notice", "2026-11",
                "consents", Map.of("marketing", Map.of("state", "given", "time", "2026-11-29T10:00:00Z")), "records", List.of());
        return given().contentType("application/jose").body(TestTokens.consentEvent(event).getBytes(StandardCharsets.UTF_8))
                .when().post("/v1/consent-events");
    }
}
