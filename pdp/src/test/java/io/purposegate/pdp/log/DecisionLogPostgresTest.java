package io.purposegate.pdp.log;

import io.purposegate.pdp.store.Database;
import io.purposegate.pdp.store.TestDatabases;

class DecisionLogPostgresTest extends DecisionLogContract {

    @Override
    Database openDatabase() {
        return TestDatabases.postgres();
    }
}
