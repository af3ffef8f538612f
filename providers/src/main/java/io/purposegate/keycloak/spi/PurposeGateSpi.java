package io.purposegate.keycloak.spi;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/**
 * PurposeGate's own SPI. Its only provider, {@code default}, carries the extension's server-wide
 * configuration ({@code --spi-purposegate--default--pdp-url=…}), the consent-event outbox, and the
 * listeners that seed new realms and erase deleted users' ledgers.
 */
public class PurposeGateSpi implements Spi {

    public static final String NAME = "purposegate";

    @Override
    public boolean isInternal() {
        return false;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return PurposeGateProvider.class;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return PurposeGateProviderFactory.class;
    }
}
