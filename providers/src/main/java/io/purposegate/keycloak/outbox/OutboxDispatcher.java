package io.purposegate.keycloak.outbox;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.persistence.EntityManager;

import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Delivers the outbox to the PDP's {@code POST /v1/consent-events}.
 *
 * <p>One background thread per Keycloak node. It wakes after every commit that wrote an event, and
 * at a fixed interval to retry. Each round, in one transaction, follows {@link OutboxDelivery}: per
 * user only the newest pending event is signed with the realm's active RS256 key and posted, and
 * the older ones it supersedes are dropped once the PDP took it; while the PDP is away the thread
 * probes it with back-off, and when it answers again everything pending goes out at once. With
 * several Keycloak nodes an event can arrive twice; the PDP applies events idempotently by version.
 */
public final class OutboxDispatcher {

    public static final String EVENT_TYPE = SignedEventSender.EVENT_TYPE;
    public static final String AUDIENCE = SignedEventSender.AUDIENCE;
    public static final String PATH = "/v1/consent-events";

    private static final Logger LOG = Logger.getLogger(OutboxDispatcher.class);
    private static final int BATCH = 50;

    private static volatile OutboxDispatcher running;

    private final KeycloakSessionFactory factory;
    private final URI endpoint;
    private final Duration pollInterval;
    private final Duration timeout;
    private final HttpClient http;
    private final OutboxDelivery delivery;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private boolean woken = true; // the first round after a start probes at once, whatever is pending
    private volatile boolean stopped;
    private Thread thread;

    public OutboxDispatcher(KeycloakSessionFactory factory, URI pdpBaseUrl, Duration pollInterval, Duration maxBackoff,
            Duration timeout) {
        this.factory = factory;
        String base = pdpBaseUrl.toString().replaceAll("/+$", "");
        this.endpoint = URI.create(base + PATH);
        this.pollInterval = pollInterval;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
        // probing an absent PDP costs one refused connection: never wait longer than a poll interval for it
        this.delivery = new OutboxDelivery(Clock.systemUTC(), pollInterval, maxBackoff, BATCH, endpoint.toString());
    }

    public void start() {
        thread = new Thread(this::run, "purposegate-outbox");
        thread.setDaemon(true);
        running = this;
        thread.start();
        LOG.infof("PurposeGate outbox delivers consent events to %s", endpoint);
    }

    public void stop() {
        stopped = true;
        if (running == this) {
            running = null;
        }
        wake();
        if (thread != null) {
            thread.interrupt();
        }
    }

    /** Wakes the running dispatcher after the session's transaction commits. */
    public static void wakeAfterCommit(KeycloakSession session) {
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                OutboxDispatcher dispatcher = running;
                if (dispatcher != null) {
                    dispatcher.wake();
                }
            }

            @Override
            protected void rollbackImpl() {
                // nothing was written
            }
        });
    }

    void wake() {
        lock.lock();
        try {
            woken = true;
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        while (!stopped) {
            boolean more;
            try {
                more = deliverDue(takeWoken());
            } catch (RuntimeException e) {
                LOG.warnf("PurposeGate outbox round failed, retrying in %s: %s", pollInterval, e.toString());
                more = false;
            }
            if (!more) {
                await();
            }
        }
    }

    private boolean takeWoken() {
        lock.lock();
        try {
            boolean was = woken;
            woken = false;
            return was;
        } finally {
            lock.unlock();
        }
    }

    private void await() {
        lock.lock();
        try {
            if (!woken && !stopped) {
                long wait = pollInterval.toMillis();
                if (delivery.failing()) {
                    wait = Math.max(1, Math.min(wait, delivery.probeAt() - System.currentTimeMillis()));
                }
                wake.await(wait, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    /** One round; true when more may be due right away. */
    private boolean deliverDue(boolean woken) {
        return KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> {
            EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
            JpaOutboxQueue queue = new JpaOutboxQueue(em);
            SignedEventSender sender = new SignedEventSender(session, queue, http, endpoint, timeout);
            OutboxDelivery.Sender stoppable = event -> stopped ? DeliveryAttempt.unavailable("stopping") : sender.send(event);
            return delivery.round(queue, stoppable, woken).more();
        });
    }
}
