package io.purposegate.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

class TokenClaimsTest {

    static String jwt(String payloadJson) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8)) + ".c2lnbmF0dXJl";
    }

    @Test
    void readsSubAzpAndExpWithoutVerifying() {
        assertThat(TokenClaims.decode(jwt("{\"sub\":\"u-1\",\"azp\":\"crm-web\",\"exp\":1764374400}")))
                .contains(new TokenClaims("u-1", "crm-web", 1764374400L));
        assertThat(TokenClaims.decode(jwt("{\"azp\":\"crm-web\"}"))).contains(new TokenClaims(null, "crm-web", null));
    }

    @Test
    void acceptsPaddedPayloads() {
        String padded = "e30." + Base64.getUrlEncoder().encodeToString("{\"sub\":\"u\"}".getBytes(StandardCharsets.UTF_8)) + ".x";
        assertThat(TokenClaims.decode(padded)).contains(new TokenClaims("u", null, null));
    }

    @Test
    void whatIsNotACompactJwsIsNotDecoded() {
        assertThat(TokenClaims.decode("tok-1")).isEmpty();
        assertThat(TokenClaims.decode("a.b")).isEmpty();
        assertThat(TokenClaims.decode("a.!!!.c")).isEmpty();
        assertThat(TokenClaims.decode("a." + Base64.getUrlEncoder().encodeToString("[1]".getBytes()) + ".c")).isEmpty();
        assertThat(TokenClaims.decode("a." + Base64.getUrlEncoder().encodeToString("not json".getBytes()) + ".c")).isEmpty();
        assertThat(TokenClaims.decode(null)).isEmpty();
    }
}
