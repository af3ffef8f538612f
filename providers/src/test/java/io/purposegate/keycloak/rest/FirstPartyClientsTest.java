package io.purposegate.keycloak.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

import jakarta.ws.rs.WebApplicationException;

import org.junit.jupiter.api.Test;

import io.purposegate.keycloak.catalog.DefaultCatalog;
import io.purposegate.keycloak.catalog.Purpose;
import io.purposegate.keycloak.ledger.ConsentLedger;

class FirstPartyClientsTest {

    private static final Map<String, Purpose> CATALOG = PrivacyResource.byId(DefaultCatalog.get().purposes());

    /** The demo realm's clients as the attribute lookup sees them. */
    private static final Function<String, String> DEMO = clientId -> {
        Map<String, String> attributes = new HashMap<>();
        attributes.put("crm-web", "true");
        attributes.put("support-console", null);
        attributes.put("marketing-app", "false");
        attributes.put("sloppy-app", "yes");
        return attributes.get(clientId);
    };

    @Test
    void onlyClientsMarkedFirstPartyMayChangeConsent() {
        assertThat(FirstPartyClients.mayChangeConsent("crm-web", DEMO)).isTrue();
        assertThat(FirstPartyClients.mayChangeConsent("marketing-app", DEMO)).isFalse();
        assertThat(FirstPartyClients.mayChangeConsent("support-console", DEMO)).isFalse();
        // only the exact value true marks a client; anything else fails closed
        assertThat(FirstPartyClients.mayChangeConsent("sloppy-app", DEMO)).isFalse();
        assertThat(FirstPartyClients.mayChangeConsent("no-such-client", DEMO)).isFalse();
        assertThat(FirstPartyClients.mayChangeConsent(null, DEMO)).isFalse();
        assertThat(FirstPartyClients.mayChangeConsent("", DEMO)).isFalse();
    }

    @Test
    void keycloaksAccountConsoleIsFirstPartyWithoutTheAttribute() {
        assertThat(FirstPartyClients.mayChangeConsent("account-console", id -> null)).isTrue();
    }

    @Test
    void aVendorsConsentChangeIsA403Problem() {
        assertThatThrownBy(() -> PrivacyResource.selfServiceDecisions("marketing-app", DEMO,
                "{\"granted\":[\"marketing\",\"sharing\"]}", CATALOG))
                .isInstanceOfSatisfying(WebApplicationException.class, e -> {
                    assertThat(e.getResponse().getStatus()).isEqualTo(403);
                    assertThat(e.getResponse().getMediaType().toString()).isEqualTo(Problems.MEDIA_TYPE);
                    @SuppressWarnings("unchecked")
                    Map<String, Object> problem = (Map<String, Object>) e.getResponse().getEntity();
                    assertThat(problem).containsEntry("type", "urn:purposegate:problem:forbidden")
                            .containsEntry("status", 403);
                    assertThat((String) problem.get("detail")).contains("marketing-app", FirstPartyClients.ATTRIBUTE);
                });
    }

    @Test
    void aVendorLearnsNothingAboutTheBodyBecauseAuthorisationComesFirst() {
        for (String body : new String[] {"", "{", "{\"granted\":[\"nope\"]}"}) {
            assertThatThrownBy(() -> PrivacyResource.selfServiceDecisions("marketing-app", DEMO, body, CATALOG)).as(body)
                    .isInstanceOfSatisfying(WebApplicationException.class,
                            e -> assertThat(e.getResponse().getStatus()).isEqualTo(403));
        }
        // the same bad body from a first-party client is a 400
        assertThatThrownBy(() -> PrivacyResource.selfServiceDecisions("crm-web", DEMO, "{", CATALOG))
                .isInstanceOfSatisfying(WebApplicationException.class,
                        e -> assertThat(e.getResponse().getStatus()).isEqualTo(400));
    }

    @Test
    void aFirstPartyClientsChangeBecomesSelfServiceDecisions() {
        assertThat(PrivacyResource.selfServiceDecisions("crm-web", DEMO, "{\"refused\":[\"marketing\"]}", CATALOG))
                .containsExactly(new ConsentLedger.Decision("marketing", false, "self_service"));
    }
}
