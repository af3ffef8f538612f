package io.purposegate.pdp.log;

import java.nio.file.Path;
import java.time.Duration;

import io.purposegate.pdp.store.Database;
import io.purposegate.pdp.store.TestDatabases;

/** The properties on the embedded store's production write path: the journal, indexed into H2. */
class DecisionLogJournalPropertyTest extends DecisionLogProperties {

    @Override
    Database openDatabase(Path folder) {
        return TestDatabases.h2(folder);
    }

    @Override
    DecisionLog openLog(Path folder) {
        return new DecisionLog(database, 64, Duration.ofSeconds(10), folder.resolve("journal"), false, Duration.ofMillis(200),
                metrics);
    }
}
