package io.purposegate.pdp.log;

import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;

import io.purposegate.pdp.store.Database;
import io.purposegate.pdp.store.TestDatabases;

class DecisionLogH2Test extends DecisionLogContract {

    @TempDir
    Path folder;

    @Override
    Database openDatabase() {
        return TestDatabases.h2(folder);
    }
}
