package io.purposegate.pdp.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.api.resource.LoadableResource;
import org.jboss.logging.Logger;

/**
 * Brings the PDP's schema to the newest version with Flyway: the scripts in {@code db/pdp}, applied in
 * order and recorded in {@code pdp_schema_history}. A database made by the PDP before it had migrations
 * (its tables, no history) is baselined as version 1, which is exactly that schema, and upgraded from there.
 */
final class SchemaMigrations {

    private static final Logger LOG = Logger.getLogger(SchemaMigrations.class);

    /** Every script, in order. Listed, not scanned: the class path of a packaged Quarkus application is not a directory to walk. */
    static final List<String> SCRIPTS = List.of(
            "V1__decision_log_and_consent_registry.sql",
            "V2__every_admitted_entry_indexable_and_set_aside_entries.sql",
            "V3__hash_every_column_and_signed_checkpoints.sql");

    static final String HISTORY_TABLE = "pdp_schema_history";

    private SchemaMigrations() {
    }

    static MigrateResult migrate(DataSource dataSource, boolean postgres) throws SQLException {
        boolean madeBeforeMigrations;
        try (Connection connection = dataSource.getConnection()) {
            madeBeforeMigrations = tableExists(connection, "decision_log") && !tableExists(connection, HISTORY_TABLE);
        }
        Flyway flyway = Flyway.configure(SchemaMigrations.class.getClassLoader())
                .dataSource(dataSource)
                .table(HISTORY_TABLE)
                .locations("classpath:db/pdp")
                .resourceProvider(new Scripts())
                // the schema may hold other applications' tables (a shared PostgreSQL database): start from
                // version 0 there, from version 1 when the old code made ours
                .baselineOnMigrate(true)
                .baselineVersion(madeBeforeMigrations ? "1" : "0")
                .baselineDescription(madeBeforeMigrations ? "schema made before migrations" : "empty schema")
                .placeholders(Map.of("text", postgres ? "TEXT" : "CHARACTER LARGE OBJECT"))
                .cleanDisabled(true)
                .load();
        MigrateResult result = flyway.migrate();
        if (result.migrationsExecuted > 0) {
            LOG.infof("PDP schema migrated from version %s to %s (%d migrations)", result.initialSchemaVersion,
                    result.targetSchemaVersion, result.migrationsExecuted);
        }
        return result;
    }

    private static boolean tableExists(Connection connection, String table) throws SQLException {
        DatabaseMetaData metadata = connection.getMetaData();
        for (String name : new String[] {table, table.toUpperCase(java.util.Locale.ROOT)}) {
            try (ResultSet tables = metadata.getTables(null, null, name, new String[] {"TABLE"})) {
                while (tables.next()) {
                    String schema = tables.getString("TABLE_SCHEM");
                    if (schema == null || schema.equalsIgnoreCase(connection.getSchema())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** The listed scripts, read from the class path by name. */
    private static final class Scripts implements ResourceProvider {

        @Override
        public LoadableResource getResource(String name) {
            String file = name.substring(name.lastIndexOf('/') + 1);
            return SCRIPTS.contains(file) ? new Script(file) : null;
        }

        @Override
        public Collection<LoadableResource> getResources(String prefix, String[] suffixes) {
            return SCRIPTS.stream()
                    .filter(file -> file.startsWith(prefix) && Arrays.stream(suffixes).anyMatch(file::endsWith))
                    .map(file -> (LoadableResource) new Script(file))
                    .toList();
        }
    }

    private static final class Script extends LoadableResource {

        private final String file;

        Script(String file) {
            this.file = file;
        }

        @Override
        public Reader read() {
            try (InputStream in = SchemaMigrations.class.getClassLoader().getResourceAsStream("db/pdp/" + file)) {
                if (in == null) {
                    throw new IllegalStateException("migration db/pdp/" + file + " is missing from the class path");
                }
                return new StringReader(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new IllegalStateException("migration db/pdp/" + file + " is not readable", e);
            }
        }

        @Override
        public String getAbsolutePath() {
            return "db/pdp/" + file;
        }

        @Override
        public String getAbsolutePathOnDisk() {
            return null;
        }

        @Override
        public String getFilename() {
            return file;
        }

        @Override
        public String getRelativePath() {
            return file;
        }
    }
}
