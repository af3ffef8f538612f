package io.purposegate.democrm.customer;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.purposegate.democrm.store.CrmDatabase;
import io.purposegate.democrm.store.StoreUnavailableException;

/**
 * The customer records in demo-crm's database: look-ups for the SDK (whose record is this, which
 * record is this subject's), reads with the orders, the campaign list, contact changes and erasure.
 * Changes are committed before a method returns.
 */
@ApplicationScoped
public class CustomerStore {

    /** Ids per IN list: far below every driver's parameter limit. */
    private static final int CHUNK = 500;
    private static final String COLUMNS = "id, owner, name, email, phone, address, birth_date, segment";
    /** c-2 before c-10: the demo's ids are a prefix and a number. */
    private static final String IN_ID_ORDER = " ORDER BY CHAR_LENGTH(id), id";

    private final CrmDatabase database;
    private final Clock clock;

    @jakarta.inject.Inject
    CustomerStore(CrmDatabase database) {
        this(database, Clock.systemUTC());
    }

    CustomerStore(CrmDatabase database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    public Optional<Customer> find(String id) {
        return query(connection -> first(connection, "SELECT " + COLUMNS + " FROM customer WHERE id = ?", id));
    }

    public Optional<String> ownerOf(String id) {
        return query(connection -> single(connection, "SELECT owner FROM customer WHERE id = ?", id));
    }

    /** A record's owner and last activity, as the SDK asks for both before a decision. */
    public record OwnerActivity(String owner, Instant lastActivity) {
    }

    /** {@link #ownerOf} and {@link #lastActivityOf} of one record in one query (a guarded read's only look-up). */
    public Optional<OwnerActivity> ownerAndLastActivityOf(String id) {
        return query(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT c.owner, c.last_activity, MAX(o.order_date) FROM customer c"
                            + " LEFT JOIN customer_order o ON o.customer_id = c.id WHERE c.id = ?"
                            + " GROUP BY c.owner, c.last_activity")) {
                statement.setString(1, id);
                try (ResultSet rows = statement.executeQuery()) {
                    return rows.next() ? Optional.of(new OwnerActivity(rows.getString(1), lastActivity(rows, 2)))
                            : Optional.<OwnerActivity>empty();
                }
            }
        });
    }

    /** The record of a data subject (one per subject: owner is unique). */
    public Optional<String> recordOf(String owner) {
        return query(connection -> single(connection, "SELECT id FROM customer WHERE owner = ?", owner));
    }

    /**
     * When the customer was last active: the later of the last contact ({@code last_activity}: the
     * seeding's record of it, a change of contact details) and the day of the latest order. The
     * retention periods of the policies run from it.
     */
    public Optional<Instant> lastActivityOf(String id) {
        return Optional.ofNullable(lastActivitiesOf(List.of(id)).get(id));
    }

    /** {@link #lastActivityOf} for many records, one query per 500 ids; ids without a record are absent. */
    public Map<String, Instant> lastActivitiesOf(Collection<String> ids) {
        List<String> distinct = ids.stream().distinct().toList();
        return query(connection -> {
            Map<String, Instant> active = new LinkedHashMap<>();
            for (List<String> chunk : chunks(distinct)) {
                try (PreparedStatement statement = connection.prepareStatement(
                        "SELECT c.id, c.last_activity, MAX(o.order_date) FROM customer c"
                                + " LEFT JOIN customer_order o ON o.customer_id = c.id WHERE c.id IN ("
                                + placeholders(chunk.size()) + ") GROUP BY c.id, c.last_activity")) {
                    bind(statement, chunk);
                    try (ResultSet rows = statement.executeQuery()) {
                        while (rows.next()) {
                            active.put(rows.getString(1), lastActivity(rows, 2));
                        }
                    }
                }
            }
            return active;
        });
    }

    /** The later of the last contact (column {@code contactColumn}) and the latest order's day (the next column). */
    private static Instant lastActivity(ResultSet rows, int contactColumn) throws SQLException {
        Instant contact = rows.getObject(contactColumn, OffsetDateTime.class).toInstant();
        Date ordered = rows.getDate(contactColumn + 1);
        Instant order = ordered == null ? null : ordered.toLocalDate().atStartOfDay(ZoneOffset.UTC).toInstant();
        return order != null && order.isAfter(contact) ? order : contact;
    }

    /** Owner by record id, one query per 500 ids; ids without a record are absent. */
    public Map<String, String> ownersOf(Collection<String> ids) {
        List<String> distinct = ids.stream().distinct().toList();
        return query(connection -> {
            Map<String, String> owners = new LinkedHashMap<>();
            for (List<String> chunk : chunks(distinct)) {
                try (PreparedStatement statement = connection.prepareStatement(
                        "SELECT id, owner FROM customer WHERE id IN (" + placeholders(chunk.size()) + ")")) {
                    bind(statement, chunk);
                    try (ResultSet rows = statement.executeQuery()) {
                        while (rows.next()) {
                            owners.put(rows.getString(1), rows.getString(2));
                        }
                    }
                }
            }
            return owners;
        });
    }

    /** Every customer of a segment (or all), with their orders, in id order. */
    public List<Customer> list(Optional<String> segment) {
        return query(connection -> {
            String sql = "SELECT " + COLUMNS + " FROM customer" + (segment.isPresent() ? " WHERE segment = ?" : "")
                    + IN_ID_ORDER;
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                if (segment.isPresent()) {
                    statement.setString(1, segment.get());
                }
                return withOrders(connection, customers(statement));
            }
        });
    }

    public int count() {
        return query(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("SELECT COUNT(*) FROM customer");
                    ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        });
    }

    /** Changes the contact details the change names; empty when there is no such customer. */
    public Optional<Customer> updateContact(String id, ContactChange change) {
        return transaction(connection -> {
            Optional<Customer> current = first(connection, "SELECT " + COLUMNS + " FROM customer WHERE id = ? FOR UPDATE", id);
            if (current.isEmpty()) {
                return Optional.empty();
            }
            Customer updated = current.get().withContact(change);
            try (PreparedStatement statement = connection.prepareStatement(
                    "UPDATE customer SET name = ?, email = ?, phone = ?, address = ?, last_activity = ? WHERE id = ?")) {
                statement.setString(1, updated.name());
                statement.setString(2, updated.email());
                statement.setString(3, updated.phone());
                statement.setString(4, updated.address());
                // a change of contact details is activity: the retention periods run from it again
                statement.setObject(5, OffsetDateTime.now(clock));
                statement.setString(6, id);
                statement.executeUpdate();
            }
            return Optional.of(updated);
        });
    }

    /** Erases a customer and their orders; false when there was no such customer. */
    public boolean erase(String id) {
        return transaction(connection -> {
            update(connection, "DELETE FROM order_item WHERE order_id IN (SELECT id FROM customer_order WHERE customer_id = ?)", id);
            update(connection, "DELETE FROM customer_order WHERE customer_id = ?", id);
            return update(connection, "DELETE FROM customer WHERE id = ?", id) > 0;
        });
    }

    /** Inserts a customer with their orders on the caller's connection (the seed's transaction). */
    static void insert(Connection connection, Customer customer, Instant lastActivity) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO customer (" + COLUMNS + ", last_activity) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            statement.setString(1, customer.id());
            statement.setString(2, customer.owner());
            statement.setString(3, customer.name());
            statement.setString(4, customer.email());
            statement.setString(5, customer.phone());
            statement.setString(6, customer.address());
            statement.setDate(7, customer.birthDate() == null ? null : Date.valueOf(customer.birthDate()));
            statement.setString(8, customer.segment());
            statement.setObject(9, lastActivity.atOffset(ZoneOffset.UTC));
            statement.executeUpdate();
        }
        try (PreparedStatement orders = connection.prepareStatement(
                "INSERT INTO customer_order (id, customer_id, order_date, total, currency) VALUES (?, ?, ?, ?, ?)");
                PreparedStatement items = connection.prepareStatement(
                        "INSERT INTO order_item (order_id, line, sku, name, quantity, unit_price) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (Order order : customer.orders()) {
                orders.setString(1, order.id());
                orders.setString(2, customer.id());
                orders.setDate(3, Date.valueOf(order.date()));
                orders.setBigDecimal(4, order.total());
                orders.setString(5, order.currency());
                orders.addBatch();
                int line = 1;
                for (OrderItem item : order.items()) {
                    items.setString(1, order.id());
                    items.setInt(2, line++);
                    items.setString(3, item.sku());
                    items.setString(4, item.name());
                    items.setInt(5, item.quantity());
                    items.setBigDecimal(6, item.unitPrice());
                    items.addBatch();
                }
            }
            orders.executeBatch();
            items.executeBatch();
        }
    }

    // ------------------------------------------------------------------ reading

    private static Optional<Customer> first(Connection connection, String sql, String parameter) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            List<Customer> found = withOrders(connection, customers(statement));
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
        }
    }

    private static Optional<String> single(Connection connection, String sql, String parameter) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
            }
        }
    }

    /** Customers without their orders, in the statement's order. */
    private static List<Customer> customers(PreparedStatement statement) throws SQLException {
        List<Customer> customers = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                Date born = rows.getDate(7);
                customers.add(new Customer(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4),
                        rows.getString(5), rows.getString(6), born == null ? null : born.toLocalDate(),
                        rows.getString(8), List.of()));
            }
        }
        return customers;
    }

    /** The customers with their orders and items: two more queries per 500 customers, however many orders. */
    private static List<Customer> withOrders(Connection connection, List<Customer> customers) throws SQLException {
        if (customers.isEmpty()) {
            return customers;
        }
        Map<String, List<OrderRow>> ordersByCustomer = new LinkedHashMap<>();
        Map<String, List<OrderItem>> itemsByOrder = new LinkedHashMap<>();
        for (List<String> chunk : chunks(customers.stream().map(Customer::id).toList())) {
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT id, customer_id, order_date, total, currency FROM customer_order WHERE customer_id IN ("
                            + placeholders(chunk.size()) + ") ORDER BY order_date, id")) {
                bind(statement, chunk);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        ordersByCustomer.computeIfAbsent(rows.getString(2), k -> new ArrayList<>()).add(new OrderRow(
                                rows.getString(1), rows.getDate(3).toLocalDate(), rows.getBigDecimal(4), rows.getString(5)));
                    }
                }
            }
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT i.order_id, i.sku, i.name, i.quantity, i.unit_price FROM order_item i"
                            + " JOIN customer_order o ON o.id = i.order_id WHERE o.customer_id IN ("
                            + placeholders(chunk.size()) + ") ORDER BY i.order_id, i.line")) {
                bind(statement, chunk);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        itemsByOrder.computeIfAbsent(rows.getString(1), k -> new ArrayList<>()).add(new OrderItem(
                                rows.getString(2), rows.getString(3), rows.getInt(4), rows.getBigDecimal(5)));
                    }
                }
            }
        }
        List<Customer> result = new ArrayList<>(customers.size());
        for (Customer c : customers) {
            List<Order> orders = ordersByCustomer.getOrDefault(c.id(), List.of()).stream()
                    .map(o -> new Order(o.id(), o.date(), o.total(), o.currency(), itemsByOrder.getOrDefault(o.id(), List.of())))
                    .toList();
            result.add(new Customer(c.id(), c.owner(), c.name(), c.email(), c.phone(), c.address(), c.birthDate(),
                    c.segment(), orders));
        }
        return result;
    }

    private record OrderRow(String id, java.time.LocalDate date, java.math.BigDecimal total, String currency) {
    }

    // ------------------------------------------------------------------ plumbing

    private static int update(Connection connection, String sql, String parameter) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            return statement.executeUpdate();
        }
    }

    private static List<List<String>> chunks(List<String> ids) {
        if (ids.isEmpty()) {
            return Collections.emptyList();
        }
        List<List<String>> chunks = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += CHUNK) {
            chunks.add(ids.subList(from, Math.min(ids.size(), from + CHUNK)));
        }
        return chunks;
    }

    private static String placeholders(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }

    private static void bind(PreparedStatement statement, List<String> values) throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            statement.setString(i + 1, values.get(i));
        }
    }

    private <T> T query(CrmDatabase.Work<T> work) {
        try {
            return database.withConnection(work);
        } catch (SQLException e) {
            throw new StoreUnavailableException("the customer database failed: " + e.getSQLState(), e);
        }
    }

    private <T> T transaction(CrmDatabase.Work<T> work) {
        try {
            return database.inTransaction(work);
        } catch (SQLException e) {
            throw new StoreUnavailableException("the customer database failed: " + e.getSQLState(), e);
        }
    }
}
