package io.purposegate.democrm.store;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where the customer records live ({@code crm.store.*}); documented in docs/demo-crm.md. */
@ConfigMapping(prefix = "crm.store")
public interface CrmStoreConfig {

    /** The embedded database's folder (the default JDBC URL's H2 file is {@code <data-dir>/crm}). */
    String dataDir();

    /** {@code jdbc:h2:file:...} (embedded, the default, under {@code crm.store.data-dir}) or {@code jdbc:postgresql://...}. */
    String jdbcUrl();

    Optional<String> username();

    Optional<String> password();

    @WithDefault("8")
    int poolSize();

    /** Seed the demo's 100 customers when the database has never been seeded. */
    @WithDefault("true")
    boolean seed();
}
