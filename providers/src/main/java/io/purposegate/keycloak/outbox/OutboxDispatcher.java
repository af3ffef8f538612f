package io.purposegate.keycloak.outbox;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.persistence.EntityManager;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.crypto.Algorithm;
import org.keycloak.crypto.KeyUse;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.crypto.SignatureProvider;
import org.keycloak.jose.jws.JWSBuilder;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Delivers the outbox to the PDP's {@code POST /v1/consent-events}.
 *
 * <p>One background thread per Keycloak node. It wakes after every commit that wrote an event,
 * and at a fixed interval to retry. Each round takes, per user, only the oldest pending event
 * (so one user's events arrive in version order), signs it with the realm's active RS256 key and
 * posts it. An acknowledged event is deleted; a failed one is retried with exponential backoff,
 * and the user's later events wait behind it. Nothing is dropped. With several Keycloak nodes an
 * event can arrive twice; the PDP applies events idempotently by version.
 */
public final class OutboxDispatcher {

    public static final String EVENT_TYPE = "purposegate-consent-event+jwt";
    public static final String AUDIENCE = "purposegate-pdp";
    public static final String PATH = "/v1/consent-events";

    private static final Logger LOG = Logger.getLogger(OutboxDispatcher.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private static final int BATCH = 50;

    private static volatile OutboxDispatcher running;

    private final KeycloakSessionFactory factory;
    private final URI endpoint;
    private final Duration pollInterval;
    private final Duration maxBackoff;
    private final Duration timeout;
    private final HttpClient http;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private boolean woken;
    private volatile boolean stopped;
    private volatile boolean failing;
    private Thread thread;

    public OutboxDispatcher(KeycloakSessionFactory factory, URI pdpBaseUrl, Duration pollInterval, Duration maxBackoff,
            Duration timeout) {
        this.factory = factory;
        String base = pdpBaseUrl.toString().replaceAll("/+$", "");
        this.endpoint = URI.create(base + PATH);
        this.pollInterval = pollInterval;
        this.maxBackoff = maxBackoff;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
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
                more = deliverDue();
            } catch (RuntimeException e) {
                LOG.warnf("PurposeGate outbox round failed, retrying in %s: %s", pollInterval, e.toString());
                more = false;
            }
            if (!more) {
                await();
            }
        }
    }

    private void await() {
        lock.lock();
        try {
            if (!woken && !stopped) {
                wake.await(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
            }
            woken = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    /** One round; true when it delivered a full batch and more may be waiting. */
    boolean deliverDue() {
        return KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> {
            EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
            List<OutboxEntity> due = em.createNamedQuery("PurposeGate.outboxHeads", OutboxEntity.class)
                    .setParameter("now", System.currentTimeMillis())
                    .setMaxResults(BATCH)
                    .getResultList();
            int delivered = 0;
            for (OutboxEntity event : due) {
                if (stopped) {
                    break;
                }
                Attempt attempt = deliver(session, event);
                if (attempt.ok()) {
                    em.remove(event);
                    delivered++;
                    if (failing) {
                        failing = false;
                        LOG.info("PurposeGate outbox: the PDP accepts consent events again");
                    }
                } else {
                    int attempts = event.getAttempts() + 1;
                    event.setAttempts(attempts);
                    event.setNextAttemptAt(System.currentTimeMillis() + backoff(attempts).toMillis());
                    event.setLastError(attempt.error().length() > 255 ? attempt.error().substring(0, 255) : attempt.error());
                    if (!failing) {
                        failing = true;
                        LOG.warnf("PurposeGate outbox: delivery to %s failed (%s); events stay queued and are retried",
                                endpoint, attempt.error());
                    }
                    if (attempt.unreachable()) {
                        break; // the PDP is down: do not wait out a timeout for every user
                    }
                }
            }
            return delivered == BATCH;
        });
    }

    private Attempt deliver(KeycloakSession session, OutboxEntity event) {
        RealmModel realm = session.realms().getRealm(event.getRealmId());
        if (realm == null) {
            return Attempt.success(); // the realm is gone, and with it every subject it had
        }
        String jws;
        try {
            jws = sign(session, realm, event);
        } catch (RuntimeException | IOException e) {
            return Attempt.failed("cannot sign the event: " + e.getClass().getSimpleName(), false);
        }
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Content-Type", "application/jose")
                .POST(HttpRequest.BodyPublishers.ofString(jws))
                .build();
        try {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            return status / 100 == 2 ? Attempt.success() : Attempt.failed("PDP answered " + status, false);
        } catch (IOException e) {
            return Attempt.failed("PDP unreachable: " + e.getClass().getSimpleName(), true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Attempt.failed("interrupted", true);
        }
    }

    private static String sign(KeycloakSession session, RealmModel realm, OutboxEntity event) throws IOException {
        Map<String, Object> stored = JSON.readValue(event.getPayload(), MAP);
        Map<String, Object> claims = new LinkedHashMap<>();
        long now = System.currentTimeMillis() / 1000;
        claims.put("iss", stored.get("iss"));
        claims.put("aud", AUDIENCE);
        claims.put("iat", now);
        claims.put("exp", now + 300);
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("event", stored.get("event"));
        KeyWrapper key = session.keys().getActiveKey(realm, KeyUse.SIG, Algorithm.RS256);
        try {
            var signer = session.getProvider(SignatureProvider.class, Algorithm.RS256).signer(key);
            return new JWSBuilder().type(EVENT_TYPE).kid(key.getKid()).jsonContent(claims).sign(signer);
        } catch (org.keycloak.crypto.SignatureException e) {
            throw new IOException("signing failed", e);
        }
    }

    Duration backoff(int attempts) {
        long seconds = 1L << Math.min(attempts - 1, 20);
        Duration delay = Duration.ofSeconds(seconds);
        return delay.compareTo(maxBackoff) > 0 ? maxBackoff : delay;
    }

    private record Attempt(boolean ok, String error, boolean unreachable) {
        static Attempt success() {
            return new Attempt(true, null, false);
        }

        static Attempt failed(String error, boolean unreachable) {
            return new Attempt(false, error, unreachable);
        }
    }
}
