package io.purposegate.e2e;

import java.io.File;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}) logging in to the
 * demo realm through {@code crm-web}, the public PKCE client, and exchanging the code for tokens.
 */
final class Browser implements AutoCloseable {

    static final String CHROMIUM = System.getProperty("purposegate.chromium", "/usr/bin/chromium");
    static final String CHROMEDRIVER = System.getProperty("purposegate.chromedriver", "/usr/bin/chromedriver");
    static final String REDIRECT = Stack.CRM + "/";

    final ChromeDriver driver;
    final WebDriverWait wait;
    private String verifier;
    private String realmUrl = Stack.REALM;
    private String clientId = "crm-web";

    /** Logs in to another realm and public client (redirect URI {@link #REDIRECT}). */
    Browser as(String realm, String client) {
        this.realmUrl = Stack.KEYCLOAK + "/realms/" + realm;
        this.clientId = client;
        return this;
    }

    /** A fresh browser profile; with {@code gpc} every request carries {@code Sec-GPC: 1}; {@code language} sets Accept-Language. */
    Browser(boolean gpc, String language) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,1600", "--lang=" + language);
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", language));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        wait = new WebDriverWait(driver, Duration.ofSeconds(20));
        if (gpc) {
            // what a browser with Global Privacy Control switched on sends with every request
            driver.executeCdpCommand("Network.enable", Map.of());
            driver.executeCdpCommand("Network.setExtraHTTPHeaders", Map.of("headers", Map.of("Sec-GPC", "1")));
        }
    }

    /** Opens crm-web's authorization request; {@code extra} adds parameters such as {@code kc_action}. */
    void authorize(String extra) {
        verifier = random();
        String url = realmUrl + "/protocol/openid-connect/auth?client_id=" + clientId + "&response_type=code&scope=openid"
                + "&redirect_uri=" + encode(REDIRECT) + "&state=" + random() + "&code_challenge_method=S256"
                + "&code_challenge=" + challenge(verifier) + (extra == null ? "" : "&" + extra);
        driver.get(url);
    }

    void login(String username) {
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(username);
        driver.findElement(By.id("kc-login")).click();
    }

    WebElement waitFor(String id) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.id(id)));
    }

    boolean present(String id) {
        return !driver.findElements(By.id(id)).isEmpty();
    }

    /** Waits for the redirect back to crm-web and redeems the code: the token response. */
    JsonNode tokens() throws Exception {
        wait.until(d -> d.getCurrentUrl().startsWith(REDIRECT) && d.getCurrentUrl().contains("code="));
        URI back = URI.create(driver.getCurrentUrl());
        String code = null;
        for (String pair : back.getRawQuery().split("&")) {
            if (pair.startsWith("code=")) {
                code = java.net.URLDecoder.decode(pair.substring(5), StandardCharsets.UTF_8);
            }
        }
        var response = Stack.postForm(realmUrl + "/protocol/openid-connect/token", Map.of(
                "grant_type", "authorization_code", "client_id", clientId, "code", code,
                "redirect_uri", REDIRECT, "code_verifier", verifier));
        if (response.statusCode() != 200) {
            throw new IllegalStateException("code exchange: HTTP " + response.statusCode() + " " + response.body());
        }
        return Stack.JSON.readTree(response.body());
    }

    WebDriver driver() {
        return driver;
    }

    @Override
    public void close() {
        driver.quit();
    }

    private static String random() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String challenge(String verifier) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
