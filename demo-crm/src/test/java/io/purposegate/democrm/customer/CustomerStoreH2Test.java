package io.purposegate.democrm.customer;

import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;

import io.purposegate.democrm.store.CrmDatabase;
import io.purposegate.democrm.store.TestDatabases;

/** The customer store on its default database, an embedded H2 file. */
class CustomerStoreH2Test extends CustomerStoreContract {

    @TempDir
    Path folder;

    @Override
    CrmDatabase emptyDatabase() {
        return TestDatabases.h2(folder);
    }

    @Override
    CrmDatabase reopen() {
        return TestDatabases.h2(folder);
    }
}
