package io.purposegate.democrm.store;

import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

/** The one database of demo-crm, from {@code crm.store.*}. */
public class CrmDatabaseProducer {

    private static final Logger LOG = Logger.getLogger(CrmDatabaseProducer.class);

    @Produces
    @Singleton
    CrmDatabase database(CrmStoreConfig config) {
        CrmDatabase database = new CrmDatabase(config.jdbcUrl(), config.username().orElse(null),
                config.password().orElse(null), config.poolSize());
        LOG.infof("customer records in %s (schema version %d)", CrmDatabase.redacted(config.jdbcUrl()),
                CrmSchema.latestVersion());
        return database;
    }

    void close(@Disposes CrmDatabase database) {
        database.close();
    }
}
