package io.purposegate.keycloak.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

class LedgersTest {

    private static ConsentRecordEntity record() {
        ConsentRecordEntity r = new ConsentRecordEntity();
        r.setId("3f0c1f6e-0000-4000-8000-000000000001");
        r.setRealmId("realm");
        r.setUserId("user");
        r.setVersion(3);
        r.setPurposeId("analytics");
        r.setState("given");
        r.setNotice("2026-11");
        r.setMethod("login_page");
        r.setClientId("crm-web");
        r.setJurisdiction("EU");
        r.setCreatedAt(1_764_374_400_000L);
        r.setExpiresAt(1_795_910_400_000L);
        return r;
    }

    @Test
    void theHashIsStableForTheSameRecord() {
        assertThat(Ledgers.hash(Ledgers.GENESIS, record())).isEqualTo(Ledgers.hash(Ledgers.GENESIS, record()))
                .hasSize(64);
    }

    @Test
    void changingAnyFieldOrThePredecessorChangesTheHash() {
        String original = Ledgers.hash(Ledgers.GENESIS, record());
        assertThat(Ledgers.hash("1".repeat(64), record())).isNotEqualTo(original);
        java.util.List<Consumer<ConsentRecordEntity>> tampering = java.util.List.of(
                r -> r.setId("other"), r -> r.setRealmId("other"), r -> r.setUserId("other"), r -> r.setVersion(4),
                r -> r.setPurposeId("marketing"), r -> r.setState("refused"), r -> r.setNotice("2027-01"),
                r -> r.setMethod("admin"), r -> r.setClientId(null), r -> r.setJurisdiction("US-CA"),
                r -> r.setCreatedAt(1), r -> r.setExpiresAt(null));
        for (Consumer<ConsentRecordEntity> change : tampering) {
            ConsentRecordEntity r = record();
            change.accept(r);
            assertThat(Ledgers.hash(Ledgers.GENESIS, r)).isNotEqualTo(original);
        }
    }

    @Test
    void fieldBoundariesCannotBeShifted() {
        // without separators "2026-1" + "1login_page" would equal "2026-11" + "login_page"
        ConsentRecordEntity a = record();
        a.setNotice("2026-1");
        a.setMethod("1login_page");
        ConsentRecordEntity b = record();
        assertThat(Ledgers.hash(Ledgers.GENESIS, a)).isNotEqualTo(Ledgers.hash(Ledgers.GENESIS, b));
    }
}
