package io.purposegate.keycloak.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class TokenPurposesTest {

    @Test
    void tokenCarriesOnlyPurposesTheClientRegisteredAndTheUserAllows() {
        assertThat(TokenPurposes.allowed(List.of("service", "support"), List.of("support", "marketing", "service")))
                .containsExactly("service", "support");
    }

    @Test
    void userChoicesOutsideTheClientRegistrationNeverReachTheToken() {
        assertThat(TokenPurposes.allowed(List.of("support"), List.of("marketing"))).isEmpty();
    }

    @Test
    void clientWithoutRegisteredPurposesGetsNone() {
        assertThat(TokenPurposes.allowed(List.of(), List.of("service", "support"))).isEmpty();
    }

    @Test
    void userWithoutStoredChoicesGetsNone() {
        assertThat(TokenPurposes.allowed(List.of("service"), List.of())).isEmpty();
    }

    @Test
    void userAttributeValuesMayHoldSeveralPurposes() {
        assertThat(TokenPurposes.allowed(List.of("service", "support", "analytics"), List.of("service,analytics")))
                .containsExactly("service", "analytics");
    }

    @Test
    void clientAttributeAcceptsSpacesAndCommas() {
        assertThat(TokenPurposes.parse(" service, support  analytics,")).containsExactly("service", "support", "analytics");
        assertThat(TokenPurposes.parse(null)).isEmpty();
        assertThat(TokenPurposes.parse("   ")).isEmpty();
    }

    @Test
    void duplicatesAreRemovedKeepingTheClientOrder() {
        assertThat(TokenPurposes.allowed(List.of("support", "service", "support"), List.of("service", "support")))
                .containsExactly("support", "service");
    }
}
