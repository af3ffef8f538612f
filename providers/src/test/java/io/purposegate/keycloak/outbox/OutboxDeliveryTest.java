package io.purposegate.keycloak.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

class OutboxDeliveryTest {

    static final class TestClock extends Clock {
        long millis = 1_000_000;

        void advance(Duration by) {
            millis += by.toMillis();
        }

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    /** The PDP as the delivery sees it: records every attempt and answers as {@code answer} says. */
    static final class FakePdp implements OutboxDelivery.Sender {
        final List<String> attempts = new ArrayList<>();
        Function<OutboxQueue.Pending, DeliveryAttempt> answer = e -> DeliveryAttempt.delivered();

        @Override
        public DeliveryAttempt send(OutboxQueue.Pending event) {
            attempts.add(event.id());
            return answer.apply(event);
        }

        void down() {
            answer = e -> DeliveryAttempt.unavailable("PDP unreachable: ConnectException");
        }

        void up() {
            answer = e -> DeliveryAttempt.delivered();
        }
    }

    final TestClock clock = new TestClock();
    final InMemoryOutboxQueue queue = new InMemoryOutboxQueue();
    final FakePdp pdp = new FakePdp();
    final OutboxDelivery delivery = new OutboxDelivery(clock, Duration.ofSeconds(5), Duration.ofSeconds(300), 50,
            "http://127.0.0.1:8280/v1/consent-events");

    /** Rounds until the delivery asks for no more, as the dispatcher's thread does without waiting. */
    int drain(boolean woken) {
        int rounds = 0;
        OutboxDelivery.Round round;
        do {
            round = delivery.round(queue, pdp, woken && rounds == 0);
            rounds++;
        } while (round.more() && rounds < 100);
        return rounds;
    }

    @Test
    void theNewestEventOfAUserSupersedesTheOlderOnesAndOnlyItIsSent() {
        for (long v = 1; v <= 20; v++) {
            queue.add("alice", v, clock.millis());
        }
        queue.add("bob", 1, clock.millis());
        queue.add("bob", 2, clock.millis());

        delivery.round(queue, pdp, true);

        assertThat(pdp.attempts).containsExactly("alice-v20", "bob-v2");
        assertThat(queue.ids()).as("the superseded events left with the newest").isEmpty();
    }

    @Test
    void supersededEventsStayQueuedUntilTheNewestIsDelivered() {
        queue.add("alice", 1, clock.millis());
        queue.add("alice", 2, clock.millis());
        pdp.down();

        delivery.round(queue, pdp, true);

        assertThat(pdp.attempts).containsExactly("alice-v2");
        assertThat(queue.ids()).containsExactly("alice-v1", "alice-v2");
        assertThat(queue.rows.get("alice-v2").lastError).isEqualTo("PDP unreachable: ConnectException");
    }

    @Test
    void anEventCommittedWhileTheNewestWasInFlightIsSentNextAndNotDroppedWithIt() {
        queue.add("alice", 1, clock.millis());
        pdp.answer = e -> {
            queue.add("alice", 2, clock.millis()); // a commit during the request
            return DeliveryAttempt.delivered();
        };

        delivery.round(queue, pdp, true);
        pdp.up();
        delivery.round(queue, pdp, true);

        assertThat(pdp.attempts).containsExactly("alice-v1", "alice-v2");
        assertThat(queue.ids()).isEmpty();
    }

    @Test
    void whileThePdpIsAwayProbesBackOffAndACommitProbesAtOnce() {
        queue.add("alice", 1, clock.millis());
        pdp.down();

        delivery.round(queue, pdp, true);
        assertThat(pdp.attempts).hasSize(1);
        clock.advance(Duration.ofMillis(999));
        delivery.round(queue, pdp, false);
        assertThat(pdp.attempts).as("within the first second of back-off").hasSize(1);
        clock.advance(Duration.ofMillis(1));
        delivery.round(queue, pdp, false);
        assertThat(pdp.attempts).hasSize(2);
        clock.advance(Duration.ofMillis(1_999));
        delivery.round(queue, pdp, false);
        assertThat(pdp.attempts).as("the second wait is 2 s").hasSize(2);
        clock.advance(Duration.ofMillis(1));
        delivery.round(queue, pdp, false);
        assertThat(pdp.attempts).hasSize(3);

        queue.add("alice", 2, clock.millis());
        delivery.round(queue, pdp, true);
        assertThat(pdp.attempts).as("a commit probes without waiting").hasSize(4).endsWith("alice-v2");
        assertThat(delivery.failing()).isTrue();
    }

    @Test
    void probesWaitAtMostTheLongestProbeIntervalHoweverLongThePdpStaysAway() {
        queue.add("alice", 1, clock.millis());
        pdp.down();
        delivery.round(queue, pdp, true);
        for (int i = 0; i < 30; i++) {
            clock.advance(Duration.ofSeconds(5));
            delivery.round(queue, pdp, false);
        }

        assertThat(pdp.attempts).as("one probe every 5 s once the doubling reached it").hasSize(31);
        assertThat(delivery.probeAt() - clock.millis()).isEqualTo(5_000);
    }

    @Test
    void whenThePdpAnswersAgainTheBackOffIsResetAndEveryUserDrainsAtOnce() {
        for (int user = 0; user < 120; user++) {
            for (long v = 1; v <= 3; v++) {
                queue.add("user" + user, v, clock.millis());
            }
        }
        // one event the PDP refused earlier, waiting out a long back-off of its own
        queue.add("olga", 1, clock.millis());
        queue.rows.get("olga-v1").nextAttemptAt = clock.millis() + Duration.ofMinutes(5).toMillis();
        pdp.down();
        delivery.round(queue, pdp, true);
        for (int i = 0; i < 10; i++) {
            clock.advance(Duration.ofSeconds(5));
            delivery.round(queue, pdp, false);
        }
        pdp.attempts.clear();
        pdp.up();

        clock.advance(Duration.ofSeconds(5));
        int rounds = drain(false);

        assertThat(queue.ids()).as("every user's newest state went out at the same instant").isEmpty();
        assertThat(pdp.attempts).hasSize(121).contains("olga-v1").allMatch(id -> id.endsWith("-v3") || id.equals("olga-v1"));
        assertThat(rounds).as("batches of 50 back to back, no tick in between").isLessThanOrEqualTo(4);
        assertThat(delivery.failing()).isFalse();

        // the back-off starts from 1 s again
        queue.add("alice", 1, clock.millis());
        pdp.down();
        delivery.round(queue, pdp, true);
        assertThat(delivery.probeAt() - clock.millis()).isEqualTo(1_000);
    }

    @Test
    void aRefusedEventBacksOffAloneWhileOtherUsersPassAndANewerEventSupersedesIt() {
        queue.add("alice", 1, clock.millis());
        queue.add("bob", 1, clock.millis());
        pdp.answer = e -> e.userId().equals("alice") ? DeliveryAttempt.ofStatus(400) : DeliveryAttempt.delivered();

        delivery.round(queue, pdp, true);

        assertThat(pdp.attempts).containsExactly("alice-v1", "bob-v1");
        assertThat(queue.ids()).containsExactly("alice-v1");
        assertThat(delivery.failing()).as("a refused event says nothing about the PDP").isFalse();
        delivery.round(queue, pdp, true);
        assertThat(pdp.attempts).as("alice's waits its own 1 s").hasSize(2);
        clock.advance(Duration.ofSeconds(1));
        delivery.round(queue, pdp, false);
        assertThat(pdp.attempts).hasSize(3);
        assertThat(queue.rows.get("alice-v1").nextAttemptAt - clock.millis()).as("then 2 s").isEqualTo(2_000);

        queue.add("alice", 2, clock.millis());
        pdp.up();
        delivery.round(queue, pdp, true);
        assertThat(pdp.attempts).endsWith("alice-v2");
        assertThat(queue.ids()).isEmpty();
    }

    @Test
    void onlyAMalformedEventIsTheEventsOwnFault() {
        assertThat(DeliveryAttempt.ofStatus(200).outcome()).isEqualTo(DeliveryAttempt.Outcome.DELIVERED);
        assertThat(DeliveryAttempt.ofStatus(204).outcome()).isEqualTo(DeliveryAttempt.Outcome.DELIVERED);
        assertThat(DeliveryAttempt.ofStatus(400).outcome()).isEqualTo(DeliveryAttempt.Outcome.REFUSED);
        assertThat(DeliveryAttempt.ofStatus(413).outcome()).isEqualTo(DeliveryAttempt.Outcome.REFUSED);
        // keys the PDP cannot load, a store failure, overload, or a realm key it does not know yet: every event alike
        assertThat(DeliveryAttempt.ofStatus(503).outcome()).isEqualTo(DeliveryAttempt.Outcome.UNAVAILABLE);
        assertThat(DeliveryAttempt.ofStatus(401).outcome()).isEqualTo(DeliveryAttempt.Outcome.UNAVAILABLE);
        assertThat(DeliveryAttempt.ofStatus(429).outcome()).isEqualTo(DeliveryAttempt.Outcome.UNAVAILABLE);
    }

    @Test
    void backOffDoublesUpToTheMaximumWithoutOverflow() {
        assertThat(delivery.backoff(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(delivery.backoff(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(delivery.backoff(5)).isEqualTo(Duration.ofSeconds(16));
        assertThat(delivery.backoff(9)).isEqualTo(Duration.ofSeconds(256));
        assertThat(delivery.backoff(10)).isEqualTo(Duration.ofSeconds(300));
        assertThat(delivery.backoff(10_000)).isEqualTo(Duration.ofSeconds(300));
        assertThat(delivery.probeInterval(3)).isEqualTo(Duration.ofSeconds(4));
        assertThat(delivery.probeInterval(10_000)).isEqualTo(Duration.ofSeconds(5));
    }
}
