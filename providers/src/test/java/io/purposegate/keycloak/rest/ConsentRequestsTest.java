package io.purposegate.keycloak.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import jakarta.ws.rs.WebApplicationException;

import org.junit.jupiter.api.Test;

import io.purposegate.keycloak.catalog.DefaultCatalog;
import io.purposegate.keycloak.catalog.Purpose;
import io.purposegate.keycloak.ledger.ConsentLedger;

class ConsentRequestsTest {

    private static final Map<String, Purpose> CATALOG = PrivacyResource.byId(DefaultCatalog.get().purposes());

    @Test
    void grantsAndRefusalsBecomeDecisions() {
        assertThat(ConsentRequests.parse("{\"granted\":[\"analytics\"],\"refused\":[\"marketing\",\"sharing\"]}", CATALOG,
                "self_service")).containsExactly(
                        new ConsentLedger.Decision("analytics", true, "self_service"),
                        new ConsentLedger.Decision("marketing", false, "self_service"),
                        new ConsentLedger.Decision("sharing", false, "self_service"));
    }

    @Test
    void badBodiesAreProblemsWithStatus400() {
        for (String body : new String[] {"", "{", "[]", "{\"granted\":\"analytics\"}", "{\"granted\":[1]}",
                "{\"granted\":[\"nope\"]}", "{\"granted\":[\"service\"]}", "{\"granted\":[\"analytics\"],\"refused\":[\"analytics\"]}",
                "{}", "{\"granted\":[],\"extra\":true}"}) {
            assertThatThrownBy(() -> ConsentRequests.parse(body, CATALOG, "self_service")).as(body)
                    .isInstanceOfSatisfying(WebApplicationException.class, e -> {
                        assertThat(e.getResponse().getStatus()).isEqualTo(400);
                        assertThat(e.getResponse().getMediaType().toString()).isEqualTo(Problems.MEDIA_TYPE);
                    });
        }
    }
}
