package io.purposegate.pdp.consent;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Keycloak's resync API as the registry sees it: a map of user states, with call counters. */
public class FakeKeycloakConsents implements ConsentSource {

    public final Map<String, SubjectState> users = new ConcurrentSkipListMap<>();
    public final AtomicInteger oneCalls = new AtomicInteger();
    public final AtomicInteger pageCalls = new AtomicInteger();
    public volatile boolean down;
    /** Users Keycloak has but its pages skip (offset pages shift when users are deleted meanwhile). */
    public final java.util.Set<String> skippedByPages = ConcurrentHashMap.newKeySet();
    /** Runs after a page was read and before the registry sees it: what happens in Keycloak and the outbox meanwhile. */
    public volatile ThrowingRunnable afterPageRead = () -> {
    };

    @FunctionalInterface
    public interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Override
    public List<SubjectState> page(int first, int max) throws IOException {
        pageCalls.incrementAndGet();
        if (down) {
            throw new IOException("Keycloak is down");
        }
        List<SubjectState> all = new ArrayList<>(users.values());
        all.removeIf(state -> skippedByPages.contains(state.userId()));
        List<SubjectState> page = List.copyOf(all.subList(Math.min(first, all.size()), Math.min(first + max, all.size())));
        try {
            afterPageRead.run();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return page;
    }

    @Override
    public Optional<SubjectState> one(String userId, Duration timeout) throws IOException {
        oneCalls.incrementAndGet();
        if (down) {
            throw new IOException("Keycloak is down");
        }
        return Optional.ofNullable(users.get(userId));
    }

    public static SubjectState state(String userId, long v, String purpose, String consentState) {
        Map<String, Map<String, Object>> consents = new ConcurrentHashMap<>();
        if (purpose != null) {
            consents.put(purpose, Map.of("state", consentState, "time", "2026-11-29T10:00:00Z"));
        }
        return new SubjectState(userId, v, "EU", "2026-11", consents, null);
    }
}
