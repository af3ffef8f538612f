package io.purposegate.keycloak.spi;

import org.keycloak.models.RealmModel;
import org.keycloak.provider.Provider;

import io.purposegate.keycloak.catalog.PurposeCatalog;
import io.purposegate.keycloak.ledger.ConsentLedger;

/** PurposeGate's services for one Keycloak session. */
public interface PurposeGateProvider extends Provider {

    PurposeCatalog catalog(RealmModel realm);

    ConsentLedger ledger(RealmModel realm);

    @Override
    default void close() {
    }
}
