package io.purposegate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The consent page on the real Keycloak login screen, in real headless Chromium. Each test uses
 * a fresh user, so the demo users keep their first login for the end-to-end story.
 */
class ConsentPageE2ETest {

    static final List<String> CONSENT_PURPOSES = List.of("analytics", "personalisation", "marketing", "sharing", "research");

    @BeforeAll
    static void startStack() {
        Stack.get();
    }

    @Test
    void firstLoginRecordsExactlyTheChoicesAndKcActionWithdraws() throws Exception {
        String userId = KeycloakAdmin.createUser("consent", "EU");
        String username = KeycloakAdmin.username(userId);
        try (Browser browser = new Browser(false, "en")) {
            browser.authorize(null);
            browser.login(username);
            browser.waitFor("purposegate-consent");

            // nothing pre-ticked; one labelled toggle per consent-based purpose
            for (String purpose : CONSENT_PURPOSES) {
                WebElement box = browser.driver.findElement(By.id("purpose-" + purpose));
                assertThat(box.isSelected()).as(purpose).isFalse();
                assertThat(browser.driver.findElements(By.cssSelector("label[for='purpose-" + purpose + "']"))).hasSize(1);
            }
            // other lawful bases are information, not choices
            assertThat(browser.present("info-service")).isTrue();
            assertThat(browser.present("purpose-service")).isFalse();
            // refusing is as easy as accepting: three buttons, same style
            List<String> styles = new ArrayList<>();
            for (String id : List.of("purposegate-reject-all", "purposegate-save", "purposegate-accept-all")) {
                WebElement button = browser.driver.findElement(By.id(id));
                assertThat(button.isDisplayed()).as(id).isTrue();
                styles.add(button.getAttribute("class"));
            }
            assertThat(styles).containsOnly(styles.get(0));
            assertThat(browser.present("purposegate-notice")).isTrue();

            // the keyboard is enough: focus the toggle and press space
            browser.driver.findElement(By.id("purpose-analytics")).sendKeys(Keys.SPACE);
            assertThat(browser.driver.findElement(By.id("purpose-analytics")).isSelected()).isTrue();
            browser.driver.findElement(By.id("purposegate-save")).click();

            JsonNode claims = Stack.claims(browser.tokens().path("access_token").asText());
            // crm-web registered service account analytics personalisation marketing
            assertThat(claims.path("purposes").toString()).isEqualTo("[\"service\",\"account\",\"analytics\"]");
            assertThat(claims.path("consent").path("granted").toString()).isEqualTo("[\"analytics\"]");
            assertThat(claims.path("consent").path("v").asLong()).isEqualTo(5);
            assertThat(claims.path("consent").path("notice").asText()).isEqualTo("2026-11");

            JsonNode history = history(userId);
            assertThat(history.path("records")).hasSize(5);
            for (JsonNode record : history.path("records")) {
                assertThat(record.path("method").asText()).isEqualTo("login_page");
                assertThat(record.path("client_id").asText()).isEqualTo("crm-web");
                assertThat(record.path("state").asText()).isEqualTo(
                        record.path("purpose").asText().equals("analytics") ? "given" : "refused");
            }

            // a second login asks nothing
            browser.authorize(null);
            browser.tokens();

            // "manage my consent": any app sends the user to kc_action=privacy-consent
            browser.authorize("kc_action=privacy-consent");
            browser.waitFor("purposegate-consent");
            assertThat(browser.driver.findElement(By.id("purpose-analytics")).isSelected()).isTrue();
            browser.driver.findElement(By.id("purpose-analytics")).click();
            browser.driver.findElement(By.id("purposegate-save")).click();

            JsonNode after = Stack.claims(browser.tokens().path("access_token").asText());
            assertThat(after.path("purposes").toString()).isEqualTo("[\"service\",\"account\"]");
            assertThat(after.path("consent").path("granted").toString()).isEqualTo("[]");
            assertThat(after.path("consent").path("v").asLong()).isEqualTo(10);
            JsonNode analytics = last(history(userId), "analytics");
            assertThat(analytics.path("state").asText()).isEqualTo("withdrawn");
        }
    }

    @Test
    void globalPrivacyControlStartsWithSaleAndSharingRefused() throws Exception {
        String userId = KeycloakAdmin.createUser("gpc", "US-CA");
        try (Browser browser = new Browser(true, "en")) {
            browser.authorize(null);
            browser.login(KeycloakAdmin.username(userId));
            browser.waitFor("purposegate-consent");
            assertThat(browser.present("purposegate-gpc")).isTrue();
            assertThat(browser.driver.findElement(By.id("purpose-marketing")).isSelected()).isFalse();
            assertThat(browser.driver.findElement(By.id("purpose-sharing")).isSelected()).isFalse();
            browser.driver.findElement(By.id("purpose-analytics")).click();
            browser.driver.findElement(By.id("purposegate-save")).click();

            JsonNode claims = Stack.claims(browser.tokens().path("access_token").asText());
            // without GPC a Californian's marketing would be lawful until opt-out; the signal is that opt-out
            assertThat(claims.path("purposes").toString()).isEqualTo("[\"service\",\"account\",\"analytics\"]");
            JsonNode history = history(userId);
            assertThat(last(history, "marketing").path("method").asText()).isEqualTo("gpc");
            assertThat(last(history, "marketing").path("state").asText()).isEqualTo("refused");
            assertThat(last(history, "sharing").path("method").asText()).isEqualTo("gpc");
            assertThat(last(history, "personalisation").path("method").asText()).isEqualTo("login_page");
        }
    }

    @Test
    void thePageSpeaksGermanAndRejectAllRefusesEverything() throws Exception {
        String userId = KeycloakAdmin.createUser("deutsch", "EU");
        try (Browser browser = new Browser(false, "de")) {
            browser.authorize(null);
            browser.login(KeycloakAdmin.username(userId));
            browser.waitFor("purposegate-consent");
            assertThat(browser.driver.getPageSource()).contains("Ihre Datenschutz-Einstellungen");
            assertThat(browser.driver.findElement(By.id("purposegate-reject-all")).getText()).isEqualTo("Alle ablehnen");
            assertThat(browser.driver.findElement(By.id("purposegate-accept-all")).getText()).isEqualTo("Alle akzeptieren");
            assertThat(browser.driver.findElement(By.cssSelector("label[for='purpose-marketing']")).getText())
                    .startsWith("Marketing");
            browser.driver.findElement(By.id("purposegate-reject-all")).click();

            JsonNode claims = Stack.claims(browser.tokens().path("access_token").asText());
            assertThat(claims.path("purposes").toString()).isEqualTo("[\"service\",\"account\"]");
            assertThat(history(userId).path("records")).hasSize(5)
                    .allSatisfy(record -> assertThat(record.path("state").asText()).isEqualTo("refused"));
        }
    }

    @Test
    void staffAttestTheirPrivacyTrainingAndTheTokenSaysWhen() throws Exception {
        String userId = KeycloakAdmin.createUser("staff", "EU");
        String admin = KeycloakAdmin.adminToken();
        JsonNode groups = KeycloakAdmin.json(KeycloakAdmin.send("GET", KeycloakAdmin.ADMIN + "/groups?search=staff", admin, null));
        String staffGroup = groups.get(0).path("id").asText();
        assertThat(KeycloakAdmin.send("PUT", KeycloakAdmin.ADMIN + "/users/" + userId + "/groups/" + staffGroup, admin, null)
                .statusCode()).isEqualTo(204);

        long before = System.currentTimeMillis() / 1000;
        try (Browser browser = new Browser(false, "en")) {
            browser.authorize(null);
            browser.login(KeycloakAdmin.username(userId));
            browser.waitFor("purposegate-consent");
            browser.driver.findElement(By.id("purposegate-accept-all")).click();
            browser.waitFor("purposegate-training");
            browser.driver.findElement(By.id("attest")).click();
            browser.driver.findElement(By.id("purposegate-attest")).click();

            JsonNode claims = Stack.claims(browser.tokens().path("access_token").asText());
            assertThat(claims.path("privacy_training").asLong()).isBetween(before, System.currentTimeMillis() / 1000);
            assertThat(claims.path("consent").path("granted")).hasSize(5);
        }
    }

    static JsonNode history(String userId) throws Exception {
        return KeycloakAdmin.json(KeycloakAdmin.send("GET",
                KeycloakAdmin.ADMIN + "/privacy/users/" + userId + "/consents/history", KeycloakAdmin.adminToken(), null));
    }

    static JsonNode last(JsonNode history, String purpose) {
        JsonNode found = null;
        for (JsonNode record : history.path("records")) {
            if (record.path("purpose").asText().equals(purpose)) {
                found = record;
            }
        }
        assertThat(found).as("a record for " + purpose).isNotNull();
        return found;
    }
}
