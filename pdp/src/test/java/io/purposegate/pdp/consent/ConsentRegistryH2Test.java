package io.purposegate.pdp.consent;

import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;

import io.purposegate.pdp.store.Database;
import io.purposegate.pdp.store.TestDatabases;

class ConsentRegistryH2Test extends ConsentRegistryContract {

    @TempDir
    Path folder;

    @Override
    Database openDatabase() {
        return TestDatabases.h2(folder);
    }
}
