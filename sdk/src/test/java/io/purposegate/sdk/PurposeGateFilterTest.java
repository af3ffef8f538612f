package io.purposegate.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PurposeGateFilterTest {

    @Test
    void bearerTokenIsTakenFromTheAuthorizationHeader() {
        assertThat(PurposeGateFilter.bearerToken("Bearer abc")).contains("abc");
        assertThat(PurposeGateFilter.bearerToken("bearer   abc ")).contains("abc");
        assertThat(PurposeGateFilter.bearerToken(" BEARER\tabc")).contains("abc");
    }

    @Test
    void otherSchemesAndEmptyTokensAreNotBearerTokens() {
        assertThat(PurposeGateFilter.bearerToken(null)).isEmpty();
        assertThat(PurposeGateFilter.bearerToken("Basic abc")).isEmpty();
        assertThat(PurposeGateFilter.bearerToken("Bearer")).isEmpty();
        assertThat(PurposeGateFilter.bearerToken("Bearer   ")).isEmpty();
        assertThat(PurposeGateFilter.bearerToken("Bearerabc")).isEmpty();
        assertThat(PurposeGateFilter.bearerToken("Bearers abc")).isEmpty();
        assertThat(PurposeGateFilter.bearerToken("Beare abc")).isEmpty();
    }
}
