package io.purposegate.keycloak.outbox;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.jboss.logging.Logger;

/**
 * The delivery rules of the outbox, one round at a time, apart from threads, HTTP and JPA.
 *
 * <ul>
 * <li><b>Newest first, the rest superseded.</b> Each round sends, for every user with pending
 * events, only the newest one: an event is the user's whole state, so once the PDP has it the
 * older ones are dropped unsent. After an outage the user's current state goes out in one request,
 * not behind every change that led to it.</li>
 * <li><b>The PDP's back-off is the endpoint's, not the event's.</b> When the PDP cannot be reached
 * (or answers in a way that concerns every event), the round stops and the next probe waits 1 s,
 * 2 s, 4 s … up to {@code maxProbeInterval}. A commit that wakes the sender probes at once.</li>
 * <li><b>The PDP answers again: back-off reset, drain at once.</b> The first event it takes clears
 * the back-off, makes every pending event due again and asks for the next round immediately, so
 * all users are drained within rounds, not one event per user per tick.</li>
 * <li><b>A refused event backs off alone.</b> An event the PDP refuses as malformed waits 1 s, 2 s
 * … up to {@code maxBackoff}; the other users' events pass meanwhile, and a newer event of the same
 * user supersedes it.</li>
 * </ul>
 */
public final class OutboxDelivery {

    /** Hands one event to the PDP. */
    @FunctionalInterface
    public interface Sender {
        DeliveryAttempt send(OutboxQueue.Pending event);
    }

    /** What a round did; {@code more} asks the caller for another round right away. */
    public record Round(int delivered, boolean more) {
    }

    private static final Logger LOG = Logger.getLogger(OutboxDelivery.class);

    private final Clock clock;
    private final Duration maxProbeInterval;
    private final Duration maxBackoff;
    private final int batch;
    private final String endpoint;
    private int failures;
    private long probeAt;

    public OutboxDelivery(Clock clock, Duration maxProbeInterval, Duration maxBackoff, int batch, String endpoint) {
        this.clock = clock;
        this.maxProbeInterval = maxProbeInterval;
        this.maxBackoff = maxBackoff;
        this.batch = batch;
        this.endpoint = endpoint;
    }

    /**
     * One round over {@code queue}.
     *
     * @param woken a commit wrote an event since the last round: probe the PDP even while backing off
     */
    public synchronized Round round(OutboxQueue queue, Sender sender, boolean woken) {
        long now = clock.millis();
        if (failing() && !woken && now < probeAt) {
            return new Round(0, false);
        }
        List<OutboxQueue.Pending> heads = queue.heads(now, batch);
        int delivered = 0;
        boolean recovered = false;
        for (OutboxQueue.Pending event : heads) {
            DeliveryAttempt attempt = sender.send(event);
            switch (attempt.outcome()) {
                case DELIVERED -> {
                    queue.delivered(event);
                    delivered++;
                    if (failing()) {
                        recovered = true;
                        failures = 0;
                        probeAt = 0;
                        int waiting = queue.retryAllNow(clock.millis());
                        LOG.infof("PurposeGate outbox: the PDP accepts consent events again; %d pending events are "
                                + "due now", waiting);
                    }
                }
                case REFUSED -> {
                    int attempts = event.attempts() + 1;
                    queue.refused(event, attempts, clock.millis() + backoff(attempts).toMillis(), trim(attempt.error()));
                    LOG.warnf("PurposeGate outbox: the PDP refused event %s (%s); retried in %s unless a newer one of "
                            + "the same user supersedes it", event.id(), attempt.error(), backoff(attempts));
                }
                case UNAVAILABLE -> {
                    queue.unavailable(event, event.attempts() + 1, trim(attempt.error()));
                    failures++;
                    probeAt = clock.millis() + probeInterval(failures).toMillis();
                    if (failures == 1) {
                        LOG.warnf("PurposeGate outbox: delivery to %s failed (%s); events stay queued and are retried",
                                endpoint, attempt.error());
                    }
                    // the PDP is away: do not wait out a timeout for every user
                    return new Round(delivered, false);
                }
                default -> throw new IllegalStateException("unknown outcome " + attempt.outcome());
            }
        }
        return new Round(delivered, recovered || heads.size() == batch);
    }

    /** True while the PDP has not answered since a failed attempt. */
    public synchronized boolean failing() {
        return failures > 0;
    }

    /** When the next probe is due while {@link #failing()}, epoch milliseconds. */
    public synchronized long probeAt() {
        return probeAt;
    }

    /** The wait after the {@code attempts}-th refusal of one event: 1 s, 2 s, 4 s … up to the maximum. */
    Duration backoff(int attempts) {
        return doubling(attempts, maxBackoff);
    }

    /** The wait before probing the PDP again after {@code failures} failed attempts in a row. */
    Duration probeInterval(int failures) {
        return doubling(failures, maxProbeInterval);
    }

    private static Duration doubling(int times, Duration max) {
        Duration delay = Duration.ofSeconds(1L << Math.min(Math.max(times, 1) - 1, 20));
        return delay.compareTo(max) > 0 ? max : delay;
    }

    private static String trim(String error) {
        return error == null || error.length() <= 255 ? error : error.substring(0, 255);
    }
}
