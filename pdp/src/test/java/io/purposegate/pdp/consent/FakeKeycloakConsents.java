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

    public final ConcurrentSkipListMap<String, SubjectState> users = new ConcurrentSkipListMap<>();
    public final AtomicInteger oneCalls = new AtomicInteger();
    public final AtomicInteger pageCalls = new AtomicInteger();
    public volatile boolean down;
    /** Users Keycloak has but its pages leave out (a page read while they were being changed). */
    public final java.util.Set<String> skippedByPages = ConcurrentHashMap.newKeySet();
    /** Runs after a page was read and before the registry sees it: what happens in Keycloak and the outbox meanwhile. */
    public volatile ThrowingRunnable afterPageRead = () -> {
    };

    @FunctionalInterface
    public interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** Pages by user id, the way Keycloak's resync does: the cursor is the last user id of the page before. */
    @Override
    public SubjectPage page(String cursor, int max) throws IOException {
        pageCalls.incrementAndGet();
        if (down) {
            throw new IOException("Keycloak is down");
        }
        List<SubjectState> after = new ArrayList<>(cursor == null ? users.values() : users.tailMap(cursor, false).values());
        List<SubjectState> page = List.copyOf(after.subList(0, Math.min(max, after.size())));
        String next = after.size() > max ? page.get(page.size() - 1).userId() : null;
        try {
            afterPageRead.run();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return new SubjectPage(page.stream().filter(state -> !skippedByPages.contains(state.userId())).toList(), next);
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
