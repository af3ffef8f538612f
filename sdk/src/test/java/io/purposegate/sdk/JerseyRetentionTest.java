package io.purposegate.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Retention reaches through the SDK: the application's {@link RetentionAnchors} names from when each
 * record's retention period runs, and the SDK sends it to the PDP as {@code resource.retention_from},
 * for single records and for every row of a list (asked once per list).
 */
class JerseyRetentionTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Map<String, String> SUPPORT = Map.of("Authorization", "Bearer tok-1", "Data-Purpose", "support");
    /** c-1 was last active on this day; c-2 has no anchor; the others are anchored in 2019. */
    static final Instant ALICE_ACTIVE = Instant.parse("2026-10-30T08:15:00Z");

    /** The application's anchors; records what it was asked. */
    static final class Anchors implements RetentionAnchors {
        final List<String> purposesAsked = new CopyOnWriteArrayList<>();
        final List<List<String>> batches = new CopyOnWriteArrayList<>();

        @Override
        public Optional<Instant> anchorOf(String type, String id, String purpose) {
            purposesAsked.add(purpose);
            return switch (id) {
                case "c-1" -> Optional.of(ALICE_ACTIVE);
                case "c-2" -> Optional.empty();
                default -> Optional.of(Instant.parse("2019-03-01T00:00:00Z"));
            };
        }

        @Override
        public Map<String, Instant> anchorsOf(String type, Collection<String> ids, String purpose) {
            batches.add(new ArrayList<>(ids));
            return RetentionAnchors.super.anchorsOf(type, ids, purpose);
        }
    }

    static final Anchors ANCHORS = new Anchors();
    static FakePdp pdp;
    static TestApp app;

    @BeforeAll
    static void start() throws Exception {
        pdp = new FakePdp();
        app = new TestApp(PurposeGateConfig.builder()
                .pdpUrl(pdp.url())
                .timeout(Duration.ofMillis(500))
                .dataSubjects(TestApp.SUBJECTS)
                .retentionAnchors(ANCHORS)
                .filter());
    }

    @AfterAll
    static void stop() {
        app.close();
        pdp.close();
    }

    @BeforeEach
    void reset() {
        pdp.reset();
        ANCHORS.purposesAsked.clear();
        ANCHORS.batches.clear();
        pdp.answers(200, """
                {"decision_id":"d-1","allow":true,"fields":{"allowed":["name","email"],"masked":{},"denied":[]},"reasons":[]}""");
    }

    @Test
    void aSingleRecordIsDecidedWithItsRetentionAnchorForThePurpose() throws Exception {
        try (Response response = TestApp.get(app.base, "customers/c-1", SUPPORT)) {
            assertThat(response.getStatus()).isEqualTo(200);
        }
        JsonNode resource = JSON.readTree(pdp.lastBody.get()).path("resource");
        assertThat(resource.path("retention_from").asText()).isEqualTo("2026-10-30T08:15:00Z");
        assertThat(ANCHORS.purposesAsked).containsExactly("support");
    }

    @Test
    void oneOwnedRecordsLookUpReplacesTheOwnerAndAnchorLookUpsOfASingleRecord() throws Exception {
        List<String> asked = new CopyOnWriteArrayList<>();
        DataSubjects ownersMustNotBeAsked = (type, id) -> {
            throw new AssertionError("ownerOf asked although OwnedRecords answers");
        };
        RetentionAnchors anchorsMustNotBeAsked = (type, id, purpose) -> {
            throw new AssertionError("anchorOf asked although OwnedRecords answers");
        };
        OwnedRecords owned = (type, id, purpose) -> {
            asked.add(type + " " + id + " " + purpose);
            return "c-1".equals(id) ? Optional.of(new OwnedRecords.OwnedRecord(TestApp.ALICE, ALICE_ACTIVE))
                    : "c-2".equals(id) ? Optional.of(new OwnedRecords.OwnedRecord(TestApp.BOB, null)) : Optional.empty();
        };
        try (TestApp merged = new TestApp(PurposeGateConfig.builder().pdpUrl(pdp.url()).dataSubjects(ownersMustNotBeAsked)
                .retentionAnchors(anchorsMustNotBeAsked).ownedRecords(owned).filter())) {
            try (Response response = TestApp.get(merged.base, "customers/c-1", SUPPORT)) {
                assertThat(response.getStatus()).isEqualTo(200);
            }
            JsonNode resource = JSON.readTree(pdp.lastBody.get()).path("resource");
            assertThat(resource.path("owner").asText()).isEqualTo(TestApp.ALICE);
            assertThat(resource.path("retention_from").asText()).isEqualTo("2026-10-30T08:15:00Z");

            try (Response response = TestApp.get(merged.base, "customers/c-2", SUPPORT)) {
                assertThat(response.getStatus()).isEqualTo(200);
            }
            assertThat(JSON.readTree(pdp.lastBody.get()).path("resource").has("retention_from")).isFalse();

            try (Response response = TestApp.get(merged.base, "customers/c-3", SUPPORT)) {
                assertThat(response.getStatus()).isEqualTo(404);
            }
        }
        assertThat(asked).containsExactly("customer c-1 support", "customer c-2 support", "customer c-3 support");
        assertThat(pdp.calls).hasValue(2);
    }

    @Test
    void aRecordWithoutAnAnchorIsSentWithoutOne() throws Exception {
        try (Response response = TestApp.get(app.base, "customers/c-2", SUPPORT)) {
            assertThat(response.getStatus()).isEqualTo(200);
        }
        assertThat(JSON.readTree(pdp.lastBody.get()).path("resource").has("retention_from")).isFalse();
    }

    @Test
    void aRecordPastItsRetentionIsRefusedWithThePolicysReason() throws Exception {
        pdp.answers(200, """
                {"decision_id":"d-r","allow":false,"fields":{"allowed":[],"masked":{},"denied":["name","email"]},
                 "reasons":[{"code":"retention.expired","message":"purpose support keeps data for P2Y, which has passed"}]}""");
        try (Response response = TestApp.get(app.base, "customers/c-3", SUPPORT)) {
            assertThat(response.getStatus()).isEqualTo(403);
            String body = response.readEntity(String.class);
            assertThat(JSON.readTree(body).path("reasons").path(0).path("code").asText()).isEqualTo("retention.expired");
            assertThat(body).doesNotContain("Carol");
        }
        assertThat(JSON.readTree(pdp.lastBody.get()).path("resource").path("retention_from").asText())
                .isEqualTo("2019-03-01T00:00:00Z");
    }

    @Test
    void everyRowOfAListCarriesItsAnchorAskedInOneCall() throws Exception {
        try (Response response = TestApp.get(app.base, "customers", SUPPORT)) {
            assertThat(response.getStatus()).isEqualTo(200);
        }
        // c-5 has no owner: never asked about, neither for its anchor nor by the PDP
        assertThat(ANCHORS.batches).containsExactly(List.of("c-1", "c-2", "c-3", "c-4"));
        JsonNode resources = JSON.readTree(pdp.lastBatchBody.get()).path("resources");
        assertThat(resources).hasSize(4);
        assertThat(resources.get(0).path("retention_from").asText()).isEqualTo("2026-10-30T08:15:00Z");
        assertThat(resources.get(1).has("retention_from")).isFalse();
        assertThat(resources.get(2).path("retention_from").asText()).isEqualTo("2019-03-01T00:00:00Z");
    }

    @Test
    void listRowsPastTheirRetentionAreWithheld() throws Exception {
        pdp.batchDecides(resource -> resource.path("retention_from").asText().startsWith("2019")
                ? "{\"decision_id\":\"d-x\",\"allow\":false,\"reasons\":[{\"code\":\"retention.expired\",\"message\":\"past\"}]}"
                : FakePdp.allowAll(resource));
        try (Response response = TestApp.get(app.base, "customers", SUPPORT)) {
            assertThat(response.getStatus()).isEqualTo(200);
            List<String> ids = new ArrayList<>();
            JSON.readTree(response.readEntity(String.class)).forEach(row -> ids.add(row.path("id").asText()));
            assertThat(ids).containsExactly("c-1", "c-2");
            // c-3 and c-4 past retention, c-5 without owner, one row without id
            assertThat(response.getHeaderString(PurposeGateFilter.WITHHELD_HEADER)).isEqualTo("4");
        }
    }
}
