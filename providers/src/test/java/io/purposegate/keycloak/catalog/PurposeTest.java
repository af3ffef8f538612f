package io.purposegate.keycloak.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class PurposeTest {

    @Test
    void theShippedCatalogIsTheOneThePoliciesLoad() throws IOException {
        // the jar packs policies/purposegate/catalog/data.json unchanged: one source, no drift
        byte[] packed;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(DefaultCatalog.RESOURCE)) {
            assertThat(in).isNotNull();
            packed = in.readAllBytes();
        }
        assertThat(packed).isEqualTo(Files.readAllBytes(Path.of("../policies/purposegate/catalog/data.json")));
    }

    @Test
    void everyDefaultPurposeIsValidAndTheIssueListIsCovered() {
        List<Purpose> purposes = DefaultCatalog.get().purposes();
        for (Purpose purpose : purposes) {
            assertThat(purpose.problems()).as(purpose.id).isEmpty();
        }
        assertThat(purposes).extracting(p -> p.id).contains("service", "account", "support", "analytics",
                "personalisation", "marketing", "sharing", "research");
        assertThat(DefaultCatalog.get().notice().version()).isNotBlank();
    }

    @Test
    void membersOnlyThePoliciesReadSurviveStorage() {
        Purpose legal = DefaultCatalog.get().purposes().stream().filter(p -> p.id.equals("legal")).findFirst()
                .orElseThrow();
        Purpose stored = Catalogs.fromJson(Catalogs.toJson(legal));
        assertThat(stored.other()).containsEntry("allowed_while_restricted", true);
        assertThat(Catalogs.toJson(stored)).isEqualTo(Catalogs.toJson(legal));
    }

    @Test
    void validationNamesEveryProblem() {
        Purpose purpose = new Purpose();
        purpose.id = "Bad Id";
        purpose.lawfulBasis = "because";
        purpose.dataCategories = List.of("user contact");
        purpose.masked = Map.of("user.name", "blur");
        purpose.retention = "two years";
        purpose.consentExpiry = "P1Y";
        purpose.consentModel = Map.of("EU", "maybe");
        assertThat(purpose.problems()).hasSize(8);
    }

    @Test
    void optInUnlessTheJurisdictionSaysOptOut() {
        Purpose marketing = DefaultCatalog.get().purposes().stream().filter(p -> p.id.equals("marketing")).findFirst()
                .orElseThrow();
        assertThat(marketing.optIn("EU")).isTrue();
        assertThat(marketing.optIn("US-CA")).isFalse();
        assertThat(marketing.optIn("JP")).isTrue();
        assertThat(marketing.optIn(null)).isTrue();
    }

    @Test
    void namesAreLocalisedWithEnglishFallback() {
        Purpose support = DefaultCatalog.get().purposes().stream().filter(p -> p.id.equals("support")).findFirst()
                .orElseThrow();
        assertThat(support.name("de")).isEqualTo("Kundensupport");
        assertThat(support.name("fr-CA")).isEqualTo("Support client");
        assertThat(support.name("pl")).isEqualTo("Customer support");
    }

    @Test
    void durationsAcceptPeriodsAndTimes() {
        assertThat(Purpose.toMillis("P1D")).isEqualTo(86_400_000L);
        assertThat(Purpose.toMillis("PT1H")).isEqualTo(3_600_000L);
        assertThat(Purpose.toMillis("P1Y")).isEqualTo(365L * 86_400_000L);
        assertThat(Purpose.toMillis("-P1D")).isEqualTo(-1);
        assertThat(Purpose.toMillis("soon")).isEqualTo(-1);
    }
}
