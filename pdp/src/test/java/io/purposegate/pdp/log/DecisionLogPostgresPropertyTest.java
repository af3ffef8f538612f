package io.purposegate.pdp.log;

import java.nio.file.Path;
import java.time.Duration;

import io.purposegate.pdp.store.Database;
import io.purposegate.pdp.store.TestDatabases;

/** The properties on PostgreSQL's production write path: one transaction per group. */
class DecisionLogPostgresPropertyTest extends DecisionLogProperties {

    @Override
    Database openDatabase(Path folder) {
        return TestDatabases.postgres();
    }

    @Override
    DecisionLog openLog(Path folder) {
        return new DecisionLog(database, 64, Duration.ofSeconds(10), null, true, Duration.ZERO, metrics);
    }
}
