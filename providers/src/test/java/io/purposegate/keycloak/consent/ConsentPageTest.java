package io.purposegate.keycloak.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.purposegate.keycloak.catalog.DefaultCatalog;
import io.purposegate.keycloak.catalog.Notice;
import io.purposegate.keycloak.catalog.Purpose;
import io.purposegate.keycloak.ledger.ConsentState;

class ConsentPageTest {

    private static final long NOW = 1_800_000_000_000L;
    private static final List<Purpose> CATALOG = DefaultCatalog.get().purposes();
    private static final Notice NOTICE = new Notice("2026-11", "https://example.org/n", "2026-11");

    private static ConsentState decidedEverything(String state, Long expiresAt, String material) {
        Map<String, ConsentState.Entry> entries = new java.util.HashMap<>();
        for (Purpose purpose : CATALOG) {
            if (purpose.consentBased()) {
                entries.put(purpose.id, new ConsentState.Entry(state, NOW - 10, expiresAt, "login_page", "crm-web", "2026-11", 1));
            }
        }
        return new ConsentState(entries.size(), "h", "2026-11", material, entries);
    }

    @Test
    void firstLoginAsks() {
        assertThat(ConsentPage.reason(CATALOG, NOTICE, ConsentState.empty(), false, "EU", NOW)).isEqualTo(ConsentPage.REASON_FIRST);
    }

    @Test
    void nothingToAskOnceDecided() {
        assertThat(ConsentPage.reason(CATALOG, NOTICE, decidedEverything("refused", null, "2026-11"), false, "EU", NOW)).isNull();
    }

    @Test
    void aMaterialNoticeChangeAsksAgainAndAMinorOneDoesNot() {
        ConsentState decided = decidedEverything("given", null, "2026-11");
        assertThat(ConsentPage.reason(CATALOG, new Notice("2027-01", null, "2027-01"), decided, false, "EU", NOW))
                .isEqualTo(ConsentPage.REASON_NOTICE);
        assertThat(ConsentPage.reason(CATALOG, new Notice("2026-12", null, "2026-11"), decided, false, "EU", NOW)).isNull();
    }

    @Test
    void anExpiredConsentAsksAgain() {
        assertThat(ConsentPage.reason(CATALOG, NOTICE, decidedEverything("given", NOW - 1, "2026-11"), false, "EU", NOW))
                .isEqualTo(ConsentPage.REASON_EXPIRED);
    }

    @Test
    void gpcAsksWhereSaleIsLawfulOnlyByTheOptOutDefault() {
        // a Californian who never decided: sale and sharing are lawful until opt-out, GPC is that opt-out
        ConsentState undecided = new ConsentState(1, "h", "2026-11", "2026-11",
                Map.of("analytics", new ConsentState.Entry("given", NOW, null, "login_page", null, "2026-11", 1)));
        assertThat(ConsentPage.reason(CATALOG, NOTICE, undecided, true, "US-CA", NOW)).isEqualTo(ConsentPage.REASON_GPC);
        assertThat(ConsentPage.reason(CATALOG, NOTICE, undecided, false, "US-CA", NOW)).isEqualTo(ConsentPage.REASON_NEW_PURPOSE);
        // an explicit consent on this page is not overridden by a browser-wide signal
        assertThat(ConsentPage.reason(CATALOG, NOTICE, decidedEverything("given", null, "2026-11"), true, "US-CA", NOW)).isNull();
    }

    @Test
    void nothingIsPreTickedOnAFirstVisit() {
        List<Map<String, Object>> items = ConsentPage.items(CATALOG, ConsentState.empty(), false, "en", NOW);
        assertThat(items).allSatisfy(item -> assertThat(item.get("checked")).isEqualTo(false));
        assertThat(items).filteredOn(item -> (boolean) item.get("choice")).extracting(item -> item.get("id"))
                .containsExactlyInAnyOrder("analytics", "personalisation", "marketing", "sharing", "research");
        assertThat(items).filteredOn(item -> !(boolean) item.get("choice")).extracting(item -> item.get("id"))
                .contains("service", "support", "legal");
    }

    @Test
    void givenConsentsStayTickedExceptSaleOrSharingUnderGpc() {
        ConsentState given = decidedEverything("given", null, "2026-11");
        Map<Object, Object> checked = new java.util.HashMap<>();
        for (Map<String, Object> item : ConsentPage.items(CATALOG, given, true, "de", NOW)) {
            checked.put(item.get("id"), item.get("checked"));
        }
        assertThat(checked).containsEntry("analytics", true).containsEntry("marketing", false).containsEntry("sharing", false)
                .containsEntry("service", false);
    }
}
