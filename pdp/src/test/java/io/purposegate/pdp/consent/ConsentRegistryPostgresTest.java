package io.purposegate.pdp.consent;

import io.purposegate.pdp.store.Database;
import io.purposegate.pdp.store.TestDatabases;

class ConsentRegistryPostgresTest extends ConsentRegistryContract {

    @Override
    Database openDatabase() {
        return TestDatabases.postgres();
    }
}
