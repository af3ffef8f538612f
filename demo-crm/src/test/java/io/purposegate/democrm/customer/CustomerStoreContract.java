package io.purposegate.democrm.customer;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.purposegate.democrm.store.CrmDatabase;
import io.purposegate.democrm.store.CrmSchema;

/** What the customer store does, the same on every database it supports (H2 file, PostgreSQL). */
abstract class CustomerStoreContract {

    static final String ALICE = "00000000-0000-4000-8000-0000000a11ce";

    /** A new, empty database for one test. */
    abstract CrmDatabase emptyDatabase();

    /** The same database opened again, as a restart would. */
    abstract CrmDatabase reopen();

    @Test
    void firstStartSeedsTheHundredCustomersWithTheirOrders() throws SQLException {
        try (CrmDatabase database = emptyDatabase()) {
            assertThat(CustomerSeed.seedOnce(database)).isEqualTo(100);
            CustomerStore store = new CustomerStore(database);

            assertThat(store.count()).isEqualTo(100);
            Customer alice = store.find("c-1").orElseThrow();
            assertThat(alice).isEqualTo(CustomerSeed.records().get(0));
            assertThat(alice.orders()).isNotEmpty();
            assertThat(alice.orders().get(0).items()).isNotEmpty();
            assertThat(store.list(Optional.empty())).extracting(Customer::id).startsWith("c-1", "c-2", "c-3").endsWith("c-100");
        }
    }

    @Test
    void laterStartsDoNotSeedAgainSoAnErasedCustomerStaysErased() throws SQLException {
        try (CrmDatabase database = emptyDatabase()) {
            CustomerSeed.seedOnce(database);
            assertThat(new CustomerStore(database).erase("c-7")).isTrue();
        }
        try (CrmDatabase restarted = reopen()) {
            assertThat(CustomerSeed.seedOnce(restarted)).isEqualTo(-1);
            CustomerStore store = new CustomerStore(restarted);
            assertThat(store.count()).isEqualTo(99);
            assertThat(store.find("c-7")).isEmpty();
            assertThat(restarted.withConnection(CrmSchema::currentVersion)).isEqualTo(CrmSchema.latestVersion());
        }
    }

    @Test
    void everyCustomerMatchesTheSeedIncludingOrdersAndItems() throws SQLException {
        try (CrmDatabase database = emptyDatabase()) {
            CustomerSeed.seedOnce(database);
            assertThat(new CustomerStore(database).list(Optional.empty())).isEqualTo(CustomerSeed.records());
        }
    }

    @Test
    void ownersOfAnswersManyIdsAndLeavesUnknownOnesOut() throws SQLException {
        try (CrmDatabase database = emptyDatabase()) {
            CustomerSeed.seedOnce(database);
            CustomerStore store = new CustomerStore(database);

            Map<String, String> owners = store.ownersOf(List.of("c-1", "c-42", "c-404", "c-1"));

            assertThat(owners).containsOnlyKeys("c-1", "c-42").containsEntry("c-1", ALICE)
                    .containsEntry("c-42", "00000000-0000-4000-8000-0000c0000042");
            assertThat(store.ownerOf("c-404")).isEmpty();
            assertThat(store.recordOf(ALICE)).hasValue("c-1");
            assertThat(store.recordOf("someone-else")).isEmpty();
        }
    }

    @Test
    void ownerAndLastActivityComeFromOneLookUpAndAgreeWithTheSeparateOnes() throws SQLException {
        try (CrmDatabase database = emptyDatabase()) {
            CustomerSeed.seedOnce(database);
            CustomerStore store = new CustomerStore(database);

            for (String id : List.of("c-1", "c-2", "c-42", CustomerSeed.LAPSED_RECORD)) {
                CustomerStore.OwnerActivity both = store.ownerAndLastActivityOf(id).orElseThrow();
                assertThat(both.owner()).as(id).isEqualTo(store.ownerOf(id).orElseThrow());
                assertThat(both.lastActivity()).as(id).isEqualTo(store.lastActivityOf(id).orElseThrow());
            }
            assertThat(store.ownerAndLastActivityOf("c-1").orElseThrow().owner()).isEqualTo(ALICE);
            assertThat(store.ownerAndLastActivityOf("c-404")).isEmpty();
        }
    }

    @Test
    void aSegmentListsOnlyItsCustomers() throws SQLException {
        try (CrmDatabase database = emptyDatabase()) {
            CustomerSeed.seedOnce(database);
            List<Customer> vip = new CustomerStore(database).list(Optional.of("vip"));

            assertThat(vip).isNotEmpty().allSatisfy(c -> assertThat(c.segment()).isEqualTo("vip"));
            assertThat(vip).hasSize((int) CustomerSeed.records().stream().filter(c -> c.segment().equals("vip")).count());
        }
    }

    @Test
    void aContactChangeIsDurableAndTouchesOnlyTheNamedFields() throws SQLException {
        try (CrmDatabase database = emptyDatabase()) {
            CustomerSeed.seedOnce(database);
            Customer before = new CustomerStore(database).find("c-2").orElseThrow();

            Optional<Customer> changed = new CustomerStore(database).updateContact("c-2",
                    ContactChange.parse("{\"email\":\"bob.chen@example.net\",\"phone\":\"+1 415 555 0100\"}"));

            assertThat(changed).isPresent();
            Customer after = new CustomerStore(database).find("c-2").orElseThrow();
            assertThat(after.email()).isEqualTo("bob.chen@example.net");
            assertThat(after.phone()).isEqualTo("+1 415 555 0100");
            assertThat(after.name()).isEqualTo(before.name());
            assertThat(after.address()).isEqualTo(before.address());
            assertThat(after.orders()).isEqualTo(before.orders());
            assertThat(new CustomerStore(database).updateContact("c-404", ContactChange.parse("{\"name\":\"X\"}"))).isEmpty();
        }
    }

    @Test
    void lastActivitiesCountFromTheSeedingSoExactlyTheLapsedRecordIsPastItsRetention() throws SQLException {
        // a seeding years from now: the anchors move with it, whatever the calendar says
        Instant seededAt = Instant.parse("2031-05-05T10:00:00Z");
        try (CrmDatabase database = emptyDatabase()) {
            CustomerSeed.seedOnce(database, seededAt);
            Map<String, Instant> active = new CustomerStore(database)
                    .lastActivitiesOf(CustomerSeed.records().stream().map(Customer::id).toList());

            assertThat(active).hasSize(100);
            assertThat(active.get(CustomerSeed.LAPSED_RECORD)).isEqualTo(seededAt.minus(Duration.ofDays(7 * 365 + 2)));
            // service, the longest retention demo-crm serves (P6Y), has passed for the lapsed record only
            assertThat(active.entrySet().stream()
                    .filter(e -> e.getValue().atOffset(ZoneOffset.UTC).plusYears(6).toInstant().isBefore(seededAt))
                    .map(Map.Entry::getKey)).containsExactly(CustomerSeed.LAPSED_RECORD);
            // every other record stays within the shortest one (P2Y) for more than a year after the seeding
            active.forEach((id, at) -> {
                if (!id.equals(CustomerSeed.LAPSED_RECORD)) {
                    assertThat(at).as(id).isBetween(seededAt.minus(Duration.ofDays(30)), seededAt);
                    assertThat(at.atOffset(ZoneOffset.UTC).plusYears(2).toInstant()).as(id)
                            .isAfter(seededAt.atOffset(ZoneOffset.UTC).plusYears(1).toInstant());
                }
            });
            assertThat(new CustomerStore(database).lastActivityOf("c-404")).isEmpty();
        }
    }

    @Test
    void theLatestOrderIsActivityToo() throws SQLException {
        // seeded long ago: alice's orders (2024-2025) are newer than her seeded last contact
        Instant seededAt = Instant.parse("2020-01-01T00:00:00Z");
        try (CrmDatabase database = emptyDatabase()) {
            CustomerSeed.seedOnce(database, seededAt);
            Customer alice = CustomerSeed.records().get(0);
            Instant latestOrder = alice.orders().stream().map(o -> o.date().atStartOfDay(ZoneOffset.UTC).toInstant())
                    .max(Instant::compareTo).orElseThrow();

            assertThat(new CustomerStore(database).lastActivityOf("c-1")).hasValue(latestOrder);
            assertThat(new CustomerStore(database).ownerAndLastActivityOf("c-1").map(CustomerStore.OwnerActivity::lastActivity))
                    .hasValue(latestOrder);
        }
    }

    @Test
    void aContactChangeIsActivityFromWhichRetentionRunsAgain() throws SQLException {
        Instant changedAt = Instant.parse("2033-03-03T03:03:03Z");
        try (CrmDatabase database = emptyDatabase()) {
            CustomerSeed.seedOnce(database, Instant.parse("2026-01-01T00:00:00Z"));
            CustomerStore store = new CustomerStore(database, Clock.fixed(changedAt, ZoneOffset.UTC));

            store.updateContact(CustomerSeed.LAPSED_RECORD, ContactChange.parse("{\"phone\":\"+351 911 000 0000\"}"));

            assertThat(store.lastActivityOf(CustomerSeed.LAPSED_RECORD)).hasValue(changedAt);
        }
    }

    @Test
    void erasureRemovesTheCustomerAndEveryOrder() throws SQLException {
        try (CrmDatabase database = emptyDatabase()) {
            CustomerSeed.seedOnce(database);
            CustomerStore store = new CustomerStore(database);
            String id = CustomerSeed.records().stream().filter(c -> c.orders().size() >= 3).findFirst().orElseThrow().id();

            assertThat(store.erase(id)).isTrue();

            assertThat(store.find(id)).isEmpty();
            assertThat(store.ownersOf(List.of(id))).isEmpty();
            int leftOver = database.withConnection(c -> {
                try (var statement = c.prepareStatement(
                        "SELECT (SELECT COUNT(*) FROM customer_order WHERE customer_id = ?)"
                                + " + (SELECT COUNT(*) FROM order_item WHERE order_id LIKE ?)")) {
                    statement.setString(1, id);
                    statement.setString(2, "o-" + id.substring(2) + "-%");
                    try (var rows = statement.executeQuery()) {
                        rows.next();
                        return rows.getInt(1);
                    }
                }
            });
            assertThat(leftOver).isZero();
            assertThat(store.erase(id)).isFalse();
        }
    }

    @Test
    void amountsKeepTheirCents() throws SQLException {
        try (CrmDatabase database = emptyDatabase()) {
            CustomerSeed.seedOnce(database);
            Order first = new CustomerStore(database).find("c-1").orElseThrow().orders().get(0);

            BigDecimal sum = first.items().stream().map(i -> i.unitPrice().multiply(BigDecimal.valueOf(i.quantity())))
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            assertThat(first.total()).isEqualByComparingTo(sum);
            assertThat(first.total().scale()).isEqualTo(2);
        }
    }
}
