package io.purposegate.democrm.customer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.purposegate.democrm.store.CrmDatabase;
import io.purposegate.democrm.store.CrmStoreConfig;
import io.quarkus.runtime.StartupEvent;

/**
 * The demo's 100 customers ({@code seed/customers.json}, written by docker/keycloak/demo-customers.py
 * together with their realm users), inserted on the first start only. Each record's last activity is
 * stored relative to the time of seeding ({@code last_activity_days} before it), so the retention
 * periods that run from it never depend on a calendar date: every record was active within the last
 * month, except {@value #LAPSED_RECORD}, whose relationship ended seven years before. The seed is
 * inserted once: a marker row in
 * {@code crm_meta}, committed with them, says the seed ran, so an erased customer stays erased
 * across restarts. Two instances starting at once on one PostgreSQL: the second waits on the
 * marker's key and then finds it.
 */
@ApplicationScoped
public class CustomerSeed {

    static final String RESOURCE = "seed/customers.json";
    static final String MARKER = "seed";
    /** The one seeded record past its purposes' retention (docs/demo-crm.md). */
    public static final String LAPSED_RECORD = "c-58";

    /** A seed record: the customer, and how long before the seeding they were last active. */
    record Seeded(Customer customer, Duration sinceLastActivity) {
    }

    private static final Logger LOG = Logger.getLogger(CustomerSeed.class);

    private final CrmDatabase database;
    private final CrmStoreConfig config;

    CustomerSeed(CrmDatabase database, CrmStoreConfig config) {
        this.database = database;
        this.config = config;
    }

    void onStart(@Observes StartupEvent start) {
        if (!config.seed()) {
            return;
        }
        try {
            int inserted = seedOnce(database);
            if (inserted >= 0) {
                LOG.infof("first start: seeded %d demo customers", inserted);
            }
        } catch (SQLException e) {
            if (seeded(database)) {
                LOG.info("demo customers seeded by another instance");
                return;
            }
            throw new IllegalStateException("cannot seed the demo customers: " + e.getMessage(), e);
        }
    }

    /** @return customers inserted, or -1 when the database was seeded before */
    public static int seedOnce(CrmDatabase database) throws SQLException {
        return seedOnce(database, Instant.now());
    }

    /** @param now the time of seeding, which the records' last activities are counted back from */
    static int seedOnce(CrmDatabase database, Instant now) throws SQLException {
        return database.inTransaction(connection -> {
            if (marked(connection)) {
                return -1;
            }
            try (PreparedStatement marker = connection.prepareStatement("INSERT INTO crm_meta (name, val) VALUES (?, ?)")) {
                marker.setString(1, MARKER);
                marker.setString(2, RESOURCE);
                marker.executeUpdate();
            }
            Set<String> present = new HashSet<>();
            try (PreparedStatement statement = connection.prepareStatement("SELECT id FROM customer");
                    ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    present.add(rows.getString(1));
                }
            }
            int inserted = 0;
            for (Seeded seeded : seeded()) {
                Customer customer = seeded.customer();
                if (present.add(customer.id())) {
                    CustomerStore.insert(connection, customer, now.minus(seeded.sinceLastActivity()));
                    inserted++;
                }
            }
            return inserted;
        });
    }

    static boolean seeded(CrmDatabase database) {
        try {
            return database.withConnection(CustomerSeed::marked);
        } catch (SQLException e) {
            return false;
        }
    }

    private static boolean marked(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT 1 FROM crm_meta WHERE name = ?")) {
            statement.setString(1, MARKER);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next();
            }
        }
    }

    /** The seed's records, in file order (c-1 ... c-100). */
    public static List<Customer> records() {
        return seeded().stream().map(Seeded::customer).toList();
    }

    /** The seed's records with their last activity, in file order. */
    static List<Seeded> seeded() {
        JsonNode seed;
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the application");
            }
            seed = new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        List<Seeded> customers = new ArrayList<>();
        for (JsonNode c : seed) {
            List<Order> orders = new ArrayList<>();
            for (JsonNode o : c.path("orders")) {
                List<OrderItem> items = new ArrayList<>();
                for (JsonNode i : o.path("items")) {
                    items.add(new OrderItem(i.path("sku").asText(), i.path("name").asText(), i.path("quantity").asInt(),
                            new BigDecimal(i.path("unit_price").asText())));
                }
                orders.add(new Order(o.path("id").asText(), LocalDate.parse(o.path("date").asText()),
                        new BigDecimal(o.path("total").asText()), o.path("currency").asText(), items));
            }
            if (!c.path("last_activity_days").canConvertToInt() || c.path("last_activity_days").asInt() < 0) {
                throw new IllegalStateException(RESOURCE + ": " + c.path("id").asText() + " has no last_activity_days");
            }
            customers.add(new Seeded(new Customer(c.path("id").asText(), c.path("owner").asText(), c.path("name").asText(),
                    c.path("email").asText(), c.path("phone").asText(), c.path("address").asText(),
                    LocalDate.parse(c.path("birth_date").asText()), c.path("segment").asText(), orders),
                    Duration.ofDays(c.path("last_activity_days").asInt())));
        }
        return customers;
    }
}
