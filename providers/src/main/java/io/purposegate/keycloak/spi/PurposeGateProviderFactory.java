package io.purposegate.keycloak.spi;

import org.keycloak.provider.ProviderFactory;

public interface PurposeGateProviderFactory extends ProviderFactory<PurposeGateProvider> {
}
