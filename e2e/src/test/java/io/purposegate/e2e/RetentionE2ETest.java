package io.purposegate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Retention reaches through the SDK: demo-crm names each record's last activity
 * ({@code resource.retention_from}), and the policy refuses a record whose purpose's retention has
 * passed since. The seed anchors the last activities to the time of seeding: c-58 (customer058, the
 * one lapsed record of docs/demo-crm.md, used by this test alone) ended its relationship seven years
 * before, every other record was active within the last month.
 */
class RetentionE2ETest {

    private static final String LAPSED_RECORD = "c-58";
    private static final String FRESH_RECORD = "c-43";

    private static Stack stack;

    @BeforeAll
    static void startStack() {
        stack = Stack.get();
    }

    private static HttpResponse<String> readForSupport(String record) throws Exception {
        String sam = stack.accessToken("sam", "support-console", "support-console-secret");
        return Stack.HTTP.send(HttpRequest.newBuilder(URI.create(Stack.CRM + "/customers/" + record))
                .header("Authorization", "Bearer " + sam).header("Data-Purpose", "support").GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aRecordPastItsPurposesRetentionIsRefusedThroughTheSdk() throws Exception {
        HttpResponse<String> response = readForSupport(LAPSED_RECORD);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = Stack.JSON.readTree(response.body());
        List<String> codes = new ArrayList<>();
        problem.path("reasons").forEach(reason -> codes.add(reason.path("code").asText()));
        assertThat(codes).containsExactly("retention.expired");
        assertThat(problem.path("decision_id").asText()).isNotBlank();
        assertThat(response.body()).doesNotContain("Tiago", "Liberdade");
    }

    @Test
    void aRecordActiveLatelyIsReadForTheSamePurpose() throws Exception {
        HttpResponse<String> response = readForSupport(FRESH_RECORD);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(Stack.JSON.readTree(response.body()).path("id").asText()).isEqualTo(FRESH_RECORD);
    }
}
