package io.purposegate.pdp.decision;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.purposegate.pdp.FakeNeighbours;
import io.purposegate.pdp.token.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * The documented input limits at the HTTP edge, single and batch: each hostile request is a 400 problem that names
 * the limit, before anything is decided or logged.
 */
@QuarkusTest
@QuarkusTestResource(FakeNeighbours.class)
class InputLimitsHttpTest {

    private static final String ALLOW = """
            {"allow":true,"reasons":[],"fields":{"allowed":["name"],"masked":{},"denied":[]}}""";

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    private final String token = TestTokens.sign(TestTokens.samAccessToken().build());

    @BeforeEach
    void opaAllows() {
        FakeNeighbours.opaAnswers(ALLOW);
    }

    private static String single(String owner, String id, List<String> fields, String context) {
        return "{\"action\":\"read\",\"purpose\":\"support\",\"resource\":{\"type\":\"customer\",\"id\":" + quote(id)
                + ",\"owner\":" + quote(owner) + ",\"fields\":" + list(fields) + "},\"context\":" + context + "}";
    }

    @Test
    void idOfAThousandCharactersIsRefusedNamingItsLimit() {
        int before = FakeNeighbours.OPA_CALLS.get();
        refused("/v1/decisions", single("alice-id", "c".repeat(1000), List.of("name"), "{}"))
                .body("type", equalTo("urn:purposegate:problem:invalid-request"))
                .body("limit", equalTo("resource.id.length"))
                .body("max", equalTo(255))
                .body("path", equalTo("resource.id"));
        refused("/v1/decisions", single("a".repeat(1000), "c-1", List.of("name"), "{}"))
                .body("limit", equalTo("resource.owner.length")).body("max", equalTo(255));
        assertThat(FakeNeighbours.OPA_CALLS.get()).as("nothing was decided").isEqualTo(before);
    }

    @Test
    void ownerOf255CharactersIsDecided() {
        given().auth().oauth2(token).contentType(ContentType.JSON).body(single("a".repeat(255), "c-1", List.of("name"), "{}"))
                .when().post("/v1/decisions").then().statusCode(200).body("allow", equalTo(true));
    }

    @Test
    void aThousandFieldNamesAreRefusedNamingTheLimit() {
        List<String> fields = IntStream.range(0, 1000).mapToObj(i -> "f" + i).toList();
        refused("/v1/decisions", single("alice-id", "c-1", fields, "{}"))
                .body("limit", equalTo("resource.fields.count")).body("max", equalTo(256)).body("path", equalTo("resource.fields"));
    }

    @Test
    void contextNested200LevelsIsRefusedNamingTheDepthLimit() {
        String nested = "{\"a\":".repeat(200) + "1" + "}".repeat(200);
        refused("/v1/decisions", single("alice-id", "c-1", List.of("name"), nested))
                .body("limit", equalTo("context.depth")).body("max", equalTo(4)).body("path", equalTo("context"));
        String fiveDeep = "{\"a\":".repeat(4) + "1" + "}".repeat(4);
        refused("/v1/decisions", single("alice-id", "c-1", List.of("name"), "{\"x\":" + fiveDeep + "}"))
                .body("limit", equalTo("context.depth"));
    }

    @Test
    void batchWithOneBadItemIsRefusedWholeNamingTheItem() {
        int before = FakeNeighbours.OPA_CALLS.get();
        List<String> resources = new java.util.ArrayList<>(Collections.nCopies(5,
                "{\"type\":\"customer\",\"id\":\"c-1\",\"owner\":\"alice-id\",\"fields\":[\"name\"]}"));
        resources.set(3, "{\"type\":\"customer\",\"id\":\"c-4\",\"owner\":\"" + "b".repeat(300) + "\",\"fields\":[\"name\"]}");
        refused("/v1/decisions/batch",
                "{\"action\":\"list\",\"purpose\":\"support\",\"resources\":[" + String.join(",", resources) + "]}")
                .body("limit", equalTo("resource.owner.length"))
                .body("max", equalTo(255))
                .body("path", equalTo("resources[3].owner"));
        assertThat(FakeNeighbours.OPA_CALLS.get()).as("no item was decided").isEqualTo(before);
    }

    @Test
    void controlCharactersAndLoneSurrogatesAreRefused() {
        refused("/v1/decisions", single("alice\\u0000id", "c-1", List.of("name"), "{}"))
                .body("limit", equalTo("resource.owner.characters"));
        refused("/v1/decisions", single("alice-id", "c-1", List.of("na\\ud800me"), "{}"))
                .body("limit", equalTo("resource.fields.characters")).body("path", equalTo("resource.fields[0]"));
        refused("/v1/decisions", single("alice-id", "c-1", List.of("name"), "{\"justification\":\"line\\nbreak\"}"))
                .body("limit", equalTo("context.characters"));
    }

    @Test
    void purposeOutsideTheNamePatternIsRefused() {
        refused("/v1/decisions", single("alice-id", "c-1", List.of("name"), "{}").replace("\"support\"", "\"sup port\""))
                .body("limit", equalTo("purpose.pattern")).body("path", equalTo("purpose"));
    }

    @Test
    void oversizedContextAndJustificationAreRefused() {
        refused("/v1/decisions", single("alice-id", "c-1", List.of("name"), "{\"note\":\"" + "n".repeat(5000) + "\"}"))
                .body("limit", equalTo("context.size")).body("max", equalTo(4096));
        refused("/v1/decisions", single("alice-id", "c-1", List.of("name"), "{\"justification\":\"" + "j".repeat(1001) + "\"}"))
                .body("limit", equalTo("context.justification.length")).body("max", equalTo(1000));
    }

    @Test
    void chunkedBodyOf100KilobytesIsRefusedLikeASizedOne() throws Exception {
        String body = single("alice-id", "c-1", List.of("name"), "{\"justification\":\"" + "x".repeat(100_000) + "\"}");
        HttpResponse<String> chunked = postChunked("/v1/decisions", body);
        assertThat(chunked.statusCode()).isEqualTo(400);
        assertThat(chunked.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        JsonNode problem = new ObjectMapper().readTree(chunked.body());
        assertThat(problem.path("type").asText()).isEqualTo("urn:purposegate:problem:body-too-large");
        assertThat(problem.path("limit").asText()).isEqualTo("body.size");
        assertThat(problem.path("max").asLong()).isEqualTo(64 * 1024);

        refused("/v1/decisions", body).body("type", equalTo("urn:purposegate:problem:body-too-large"))
                .body("limit", equalTo("body.size")).body("max", equalTo(64 * 1024));
    }

    @Test
    void chunkedBatchIsBoundedByTheBatchLimit() throws Exception {
        String item = "{\"type\":\"customer\",\"id\":\"c-1\",\"owner\":\"alice-id\",\"fields\":[\"name\"]}";
        String small = "{\"action\":\"list\",\"purpose\":\"support\",\"context\":{\"pad\":\"" + "p".repeat(3000)
                + "\"},\"resources\":[" + item + "]," + "\"pad\":\"" + "p".repeat(100_000) + "\"}";
        assertThat(postChunked("/v1/decisions/batch", small).statusCode()).as("100 KB is within the batch limit").isEqualTo(200);

        String huge = small.replace("p".repeat(100_000), "p".repeat(1_100_000));
        HttpResponse<String> refused = postChunked("/v1/decisions/batch", huge);
        assertThat(refused.statusCode()).isEqualTo(400);
        JsonNode problem = new ObjectMapper().readTree(refused.body());
        assertThat(problem.path("limit").asText()).isEqualTo("body.size");
        assertThat(problem.path("max").asLong()).isEqualTo(1024 * 1024);
    }

    @Test
    void hostileJsonIsA400ProblemNeverA500() {
        String valid = single("alice-id", "c-1", List.of("name"), "{}");
        refused("/v1/decisions", valid.replace("\"action\":\"read\"", "\"action\":\"read\",\"action\":\"erase\""))
                .body("limit", equalTo("json.duplicate-key"));
        refused("/v1/decisions", valid.replace("\"context\":{}", "\"context\":{\"n\":" + "9".repeat(5000) + "}"))
                .body("limit", equalTo("json.number.length"));
        refused("/v1/decisions", valid.replace("\"context\":{}", "\"context\":{\"n\":1e999999}"))
                .body("limit", equalTo("json.number.range"));
        refused("/v1/decisions", valid.replace("\"owner\":\"alice-id\"", "\"owner\":42"))
                .body("limit", equalTo("json.type")).body("path", equalTo("resource.owner"));
        refused("/v1/decisions", valid.replace("\"context\":{}", "\"context\":[1]")).body("limit", equalTo("json.type"));
        refused("/v1/decisions", valid.replace("\"fields\":[\"name\"]", "\"fields\":" + "[".repeat(5000) + "]".repeat(5000)))
                .body("limit", equalTo("json.depth"));
        refused("/v1/decisions", valid + "{}").body("limit", equalTo("json.syntax"));
    }

    @Test
    void generatedRequestsAreRefusedNamingALimitOrDecided() throws Exception {
        var samples = GeneratedRequests.single().sampleStream().limit(120).toList();
        for (Map<String, Object> body : samples) {
            ValidatableResponse answer = given().auth().oauth2(token).contentType(ContentType.JSON)
                    .body(GeneratedRequests.bytes(body)).when().post("/v1/decisions").then();
            if (GeneratedRequests.withinEveryLimit(body)) {
                answer.statusCode(200).body("allow", equalTo(true));
            } else {
                answer.statusCode(400).contentType("application/problem+json")
                        .body("limit", org.hamcrest.Matchers.in(DecisionRequestLimitsPropertyTest.DOCUMENTED));
            }
        }
    }

    private ValidatableResponse refused(String path, String body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body.getBytes(StandardCharsets.UTF_8))
                .when().post(path)
                .then().statusCode(400).contentType("application/problem+json")
                .body("decision_id", nullValue());
    }

    private HttpResponse<String> postChunked(String path, String body) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .version(HttpClient.Version.HTTP_1_1)
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                // a stream of unknown length is sent chunked, without Content-Length
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)))
                .build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String quote(String value) {
        return "\"" + value + "\"";
    }

    private static String list(List<String> values) {
        return values.stream().map(InputLimitsHttpTest::quote).collect(java.util.stream.Collectors.joining(",", "[", "]"));
    }
}
