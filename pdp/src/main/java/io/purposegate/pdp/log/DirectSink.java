package io.purposegate.pdp.log;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import org.jboss.logging.Logger;

/** The direct write path (PostgreSQL): every group is one database transaction on the writer's own connection. */
final class DirectSink implements LogWriter.Sink {

    private static final Logger LOG = Logger.getLogger(DirectSink.class);

    private final RowStore store;
    private Connection connection;

    DirectSink(RowStore store) {
        this.store = store;
        try {
            connection = store.openWriterConnection(); // opened before the first decision, not by it
        } catch (SQLException e) {
            LOG.errorf("decision log: cannot open the writer's connection yet: %s", RowStore.describe(e));
        }
    }

    @Override
    public void write(List<LogRow> rows) throws SQLException {
        try {
            if (connection == null) {
                connection = store.openWriterConnection();
            }
            store.store(connection, rows); // a row the database cannot index is set aside, in the same transaction
        } catch (SQLException | RuntimeException e) {
            // a failed group drops the connection; no validity round trip per group
            RowStore.closeQuietly(connection);
            connection = null;
            throw e;
        }
    }

    @Override
    public void stopped() {
        RowStore.closeQuietly(connection);
        connection = null;
    }
}
