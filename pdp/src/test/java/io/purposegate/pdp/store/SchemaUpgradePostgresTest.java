package io.purposegate.pdp.store;

import java.sql.Connection;

class SchemaUpgradePostgresTest extends SchemaUpgradeContract {

    @Override
    protected String emptyDatabaseUrl() {
        return TestDatabases.emptyPostgresUrl();
    }

    @Override
    protected Database open(String url) {
        return TestDatabases.postgres(url);
    }

    @Override
    protected Connection connect(String url) throws Exception {
        return TestDatabases.connect(url);
    }
}
