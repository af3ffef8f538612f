package io.purposegate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * demo-crm's web page in headless Chromium: a customer signs in (PKCE, crm-web), decides on the consent
 * page at the first login, and sees her own record as the SDK lets it out for purpose service: contact
 * details and orders, not her birth date or marketing segment. erin is this test's customer (alice and bob
 * belong to PrivacyStoryE2ETest; carol must stay without any consent for PurposeClaimE2ETest).
 */
class DemoCrmPageE2ETest {

    @BeforeAll
    static void startStack() {
        Stack.get();
    }

    @Test
    void aCustomerSignsInOnThePageAndSeesHerOwnRecordMinimisedForService() throws Exception {
        try (Browser browser = new Browser(false, "en")) {
            browser.driver.get(Stack.CRM + "/");
            browser.waitFor("sign-in").click();
            browser.login("erin");
            browser.waitFor("purposegate-consent");
            browser.driver.findElement(By.id("purposegate-reject-all")).click();

            browser.waitFor("signed-in");
            assertThat(browser.driver.findElement(By.id("username")).getText()).isEqualTo("erin");
            browser.wait.until(d -> !d.findElements(By.cssSelector("#record tr[data-field]")).isEmpty());
            List<String> fields = new ArrayList<>();
            for (WebElement row : browser.driver.findElements(By.cssSelector("#record tr[data-field]"))) {
                fields.add(row.getAttribute("data-field"));
            }
            assertThat(fields).contains("name", "email", "address").doesNotContain("birth_date", "segment");
            assertThat(browser.driver.findElement(By.cssSelector("#record tr[data-field='name'] td")).getText())
                    .isEqualTo("Erin Murphy");
            assertThat(browser.driver.getPageSource()).doesNotContain("1968-09-09");
            // the code was redeemed by the page and removed from the address bar
            assertThat(browser.driver.getCurrentUrl()).doesNotContain("code=");

            // "Manage my consent" goes to the consent page and back, signed in again
            browser.driver.findElement(By.id("manage-consent")).click();
            browser.waitFor("purposegate-consent");
            browser.driver.findElement(By.id("purposegate-save")).click();
            browser.waitFor("signed-in");
            browser.wait.until(d -> !d.findElements(By.cssSelector("#record tr[data-field='name']")).isEmpty());
        }
    }

    @Test
    void aCodeThePageDidNotAskForIsNotRedeemed() {
        try (Browser browser = new Browser(false, "en")) {
            browser.driver.get(Stack.CRM + "/?code=someone-elses&state=not-ours");
            assertThat(browser.waitFor("message").getText()).contains("not started here");
            assertThat(browser.driver.findElement(By.id("signed-in")).isDisplayed()).isFalse();
        }
    }
}
