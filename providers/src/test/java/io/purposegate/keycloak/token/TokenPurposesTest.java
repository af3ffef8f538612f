package io.purposegate.keycloak.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.purposegate.keycloak.catalog.DefaultCatalog;
import io.purposegate.keycloak.catalog.Purpose;
import io.purposegate.keycloak.ledger.ConsentState;

class TokenPurposesTest {

    private static final long NOW = 1_800_000_000_000L;
    private static final Map<String, Purpose> CATALOG = new LinkedHashMap<>();

    static {
        for (Purpose purpose : DefaultCatalog.get().purposes()) {
            CATALOG.put(purpose.id, purpose);
        }
    }

    private static ConsentState state(Map<String, ConsentState.Entry> entries) {
        return new ConsentState(entries.size(), "h", "2026-11", "2026-11", entries);
    }

    private static ConsentState.Entry entry(String state, Long expiresAt) {
        return new ConsentState.Entry(state, NOW - 1000, expiresAt, "login_page", "crm-web", "2026-11", 1);
    }

    @Test
    void nonConsentPurposesAreLawfulWithoutAnyRecord() {
        assertThat(TokenPurposes.allowed(List.of("service", "support"), CATALOG, ConsentState.empty(), "EU", NOW))
                .containsExactly("service", "support");
    }

    @Test
    void euConsentPurposesNeedAGivenConsent() {
        assertThat(TokenPurposes.allowed(List.of("analytics", "marketing"), CATALOG, ConsentState.empty(), "EU", NOW))
                .isEmpty();
        ConsentState state = state(Map.of("analytics", entry("given", null), "marketing", entry("refused", null)));
        assertThat(TokenPurposes.allowed(List.of("analytics", "marketing"), CATALOG, state, "EU", NOW))
                .containsExactly("analytics");
    }

    @Test
    void californiaOptOutPurposesAreLawfulUntilRefusedOrWithdrawn() {
        assertThat(TokenPurposes.allowed(List.of("analytics", "marketing"), CATALOG, ConsentState.empty(), "US-CA", NOW))
                .containsExactly("analytics", "marketing");
        ConsentState optedOut = state(Map.of("marketing", entry("withdrawn", null)));
        assertThat(TokenPurposes.allowed(List.of("analytics", "marketing"), CATALOG, optedOut, "US-CA", NOW))
                .containsExactly("analytics");
    }

    @Test
    void unknownJurisdictionFallsBackToTheDefaultModel() {
        assertThat(TokenPurposes.allowed(List.of("marketing"), CATALOG, ConsentState.empty(), null, NOW)).isEmpty();
        assertThat(TokenPurposes.allowed(List.of("marketing"), CATALOG, ConsentState.empty(), "BR", NOW)).isEmpty();
    }

    @Test
    void anExpiredConsentIsNoLongerABasis() {
        ConsentState state = state(Map.of("analytics", entry("given", NOW - 1)));
        assertThat(TokenPurposes.allowed(List.of("analytics"), CATALOG, state, "EU", NOW)).isEmpty();
        assertThat(TokenPurposes.consentClaim(CATALOG, state, "EU", NOW).get("granted")).isEqualTo(List.of());
        ConsentState valid = state(Map.of("analytics", entry("given", NOW + 1)));
        assertThat(TokenPurposes.allowed(List.of("analytics"), CATALOG, valid, "EU", NOW)).containsExactly("analytics");
    }

    @Test
    void idsTheCatalogDoesNotKnowNeverReachAToken() {
        assertThat(TokenPurposes.allowed(List.of("service", "third_party_sharing"), CATALOG, ConsentState.empty(), "US-CA",
                NOW)).containsExactly("service");
    }

    @Test
    void staffTokensCarryEveryRegisteredPurposeTheCatalogKnows() {
        assertThat(TokenPurposes.registered(List.of("analytics", "marketing", "nonsense", "analytics"), CATALOG))
                .containsExactly("analytics", "marketing");
    }

    @Test
    void duplicatesAreRemovedKeepingTheClientOrder() {
        assertThat(TokenPurposes.allowed(List.of("support", "service", "support"), CATALOG, ConsentState.empty(), "EU", NOW))
                .containsExactly("support", "service");
    }

    @Test
    void consentClaimCarriesVersionNoticeGrantedAndJurisdiction() {
        ConsentState state = new ConsentState(7, "h", "2026-11", "2026-11",
                Map.of("marketing", entry("given", null), "analytics", entry("given", null), "research", entry("refused", null)));
        assertThat(TokenPurposes.consentClaim(CATALOG, state, "EU", NOW)).containsExactly(
                Map.entry("v", 7L), Map.entry("notice", "2026-11"),
                Map.entry("granted", List.of("analytics", "marketing")), Map.entry("jurisdiction", "EU"));
    }

    @Test
    void clientAttributeAcceptsSpacesAndCommas() {
        assertThat(TokenPurposes.parse(" service, support  analytics,")).containsExactly("service", "support", "analytics");
        assertThat(TokenPurposes.parse(null)).isEmpty();
        assertThat(TokenPurposes.parse("   ")).isEmpty();
    }

    @Test
    void trainingTimeIsEpochSecondsOrNothing() {
        assertThat(TokenPurposes.trainingTime("1764374400")).isEqualTo(1764374400L);
        assertThat(TokenPurposes.trainingTime("yesterday")).isNull();
        assertThat(TokenPurposes.trainingTime(null)).isNull();
    }
}
