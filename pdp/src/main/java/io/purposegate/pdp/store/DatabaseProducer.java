package io.purposegate.pdp.store;

import jakarta.inject.Singleton;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

import io.purposegate.pdp.PdpConfig;

/** The one database of the PDP, from {@code purposegate.store.*}. */
public class DatabaseProducer {

    @Produces
    @Singleton
    Database database(PdpConfig config) {
        PdpConfig.Store store = config.store();
        return new Database(store.jdbcUrl(), store.username().orElse(null), store.password().orElse(null), store.poolSize());
    }

    void close(@Disposes Database database) {
        database.close();
    }
}
