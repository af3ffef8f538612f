package io.purposegate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * A realm created through the admin API: it gets the default catalog and the consent actions on
 * its own, and a material notice change asks its users again while a minor one does not. Its own
 * realm, so changing the notice cannot disturb the demo realm's tests.
 */
class ConsentNoticeE2ETest {

    static final String REALM = "e2e-notice-" + UUID.randomUUID().toString().substring(0, 8);
    static final String ADMIN = Stack.KEYCLOAK + "/admin/realms/" + REALM;

    @BeforeAll
    static void createRealm() throws Exception {
        Stack.get();
        String admin = KeycloakAdmin.adminToken();
        HttpResponse<String> realm = KeycloakAdmin.send("POST", Stack.KEYCLOAK + "/admin/realms", admin, """
                {"realm":"%s","enabled":true,"sslRequired":"none",
                 "clients":[{"clientId":"web","publicClient":true,"standardFlowEnabled":true,
                   "redirectUris":["%s*"],"attributes":{"pkce.code.challenge.method":"S256",
                   "purposegate.purposes":"service analytics marketing"},
                   "protocolMappers":[{"name":"purposegate","protocol":"openid-connect",
                     "protocolMapper":"purposegate-purposes-mapper","config":{"access.token.claim":"true"}}]}],
                 "users":[{"username":"nora","enabled":true,"email":"nora@example.org","emailVerified":true,
                   "firstName":"Nora","lastName":"Example","credentials":[{"type":"password","value":"nora"}]}]}
                """.formatted(REALM, Browser.REDIRECT));
        assertThat(realm.statusCode()).as(realm.body()).isEqualTo(201);
    }

    @AfterAll
    static void deleteRealm() throws Exception {
        KeycloakAdmin.send("DELETE", ADMIN, KeycloakAdmin.adminToken(), null);
    }

    @Test
    void aNewRealmStartsWithTheDefaultCatalogAndTheConsentActions() throws Exception {
        String admin = KeycloakAdmin.adminToken();
        JsonNode catalog = KeycloakAdmin.json(KeycloakAdmin.send("GET", Stack.KEYCLOAK + "/realms/" + REALM + "/privacy/purposes",
                null, null));
        List<String> ids = new ArrayList<>();
        catalog.path("purposes").forEach(p -> ids.add(p.path("id").asText()));
        assertThat(ids).contains("service", "account", "support", "analytics", "personalisation", "marketing", "sharing",
                "research");
        assertThat(catalog.path("notice").path("version").asText()).isEqualTo("2026-11");
        JsonNode actions = KeycloakAdmin.json(KeycloakAdmin.send("GET", ADMIN + "/authentication/required-actions", admin, null));
        List<String> enabled = new ArrayList<>();
        actions.forEach(a -> {
            if (a.path("enabled").asBoolean()) {
                enabled.add(a.path("alias").asText());
            }
        });
        assertThat(enabled).contains("privacy-consent", "privacy-training");
    }

    @Test
    void aMaterialNoticeChangeAsksAgainAndAMinorOneDoesNot() throws Exception {
        String admin = KeycloakAdmin.adminToken();
        try (Browser browser = new Browser(false, "en").as(REALM, "web")) {
            browser.authorize(null);
            browser.login("nora");
            browser.waitFor("purposegate-consent");
            browser.driver.findElement(By.id("purposegate-accept-all")).click();
            assertThat(Stack.claims(browser.tokens().path("access_token").asText()).path("consent").path("notice").asText())
                    .isEqualTo("2026-11");

            // a minor notice version: nothing to decide again
            assertThat(KeycloakAdmin.send("PUT", ADMIN + "/privacy/notice", admin,
                    "{\"version\":\"2026-12\",\"material\":false}").statusCode()).isEqualTo(200);
            browser.authorize(null);
            browser.tokens();

            // a material one: the next login asks, showing what the user had chosen
            JsonNode notice = KeycloakAdmin.json(KeycloakAdmin.send("PUT", ADMIN + "/privacy/notice", admin,
                    "{\"version\":\"2027-01\",\"url\":\"https://example.org/privacy/2027-01\",\"material\":true}"));
            assertThat(notice.path("material_version").asText()).isEqualTo("2027-01");
            browser.authorize(null);
            browser.waitFor("purposegate-consent");
            assertThat(browser.driver.findElement(By.id("purposegate-consent-intro")).getText()).contains("privacy notice has changed");
            assertThat(browser.driver.findElement(By.id("purposegate-notice")).getAttribute("href"))
                    .isEqualTo("https://example.org/privacy/2027-01");
            assertThat(browser.driver.findElement(By.id("purpose-analytics")).isSelected()).isTrue();
            browser.driver.findElement(By.id("purpose-marketing")).click();
            browser.driver.findElement(By.id("purposegate-save")).click();

            JsonNode claims = Stack.claims(browser.tokens().path("access_token").asText());
            assertThat(claims.path("consent").path("notice").asText()).isEqualTo("2027-01");
            assertThat(claims.path("purposes").toString()).isEqualTo("[\"service\",\"analytics\"]");
        }
        // invalid notices are refused with the reason
        HttpResponse<String> invalid = KeycloakAdmin.send("PUT", ADMIN + "/privacy/notice", admin, "{\"url\":\"ftp://x\"}");
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.body()).contains("'version' is required");
    }
}
