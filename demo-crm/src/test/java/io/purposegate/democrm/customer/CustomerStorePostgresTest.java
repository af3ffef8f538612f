package io.purposegate.democrm.customer;

import io.purposegate.democrm.store.CrmDatabase;
import io.purposegate.democrm.store.TestDatabases;

/** The customer store on PostgreSQL, its production database (a real server; see TestDatabases). */
class CustomerStorePostgresTest extends CustomerStoreContract {

    private String url;

    @Override
    CrmDatabase emptyDatabase() {
        url = TestDatabases.emptyPostgresUrl();
        return TestDatabases.postgres(url);
    }

    @Override
    CrmDatabase reopen() {
        return TestDatabases.postgres(url);
    }
}
