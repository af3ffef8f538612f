package io.purposegate.pdp.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.io.TempDir;

class SchemaUpgradeH2Test extends SchemaUpgradeContract {

    @TempDir
    Path folder;

    private final AtomicInteger databases = new AtomicInteger();

    @Override
    protected String emptyDatabaseUrl() {
        return TestDatabases.h2Url(folder.resolve("db" + databases.incrementAndGet()));
    }

    @Override
    protected Database open(String url) {
        return new Database(url, null, null, 2);
    }

    @Override
    protected Connection connect(String url) throws Exception {
        return plain(url, null, null);
    }
}
