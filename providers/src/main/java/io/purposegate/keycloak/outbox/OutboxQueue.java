package io.purposegate.keycloak.outbox;

import java.util.List;

/**
 * The pending consent events, as the delivery sees them. The queue is transport only: dropping an
 * event never touches the ledger, which stays the proof of every change.
 */
public interface OutboxQueue {

    /** An event waiting for delivery: whose it is, and the user's consent version after it. */
    record Pending(String id, String realmId, String userId, long version, int attempts) {
    }

    /**
     * The newest pending event of each user whose newest event is due, oldest first, at most
     * {@code max}. Events carry the user's whole state, so an older event of the same user is never
     * a head: the newest supersedes it.
     */
    List<Pending> heads(long now, int max);

    /** The PDP took {@code event}: it and every older event of the same user (superseded) leave the queue. */
    void delivered(Pending event);

    /** The PDP refused this one event: try it again at {@code nextAttemptAt}. */
    void refused(Pending event, int attempts, long nextAttemptAt, String error);

    /** The PDP could not be reached or could not take any event: note it on the event, no back-off of its own. */
    void unavailable(Pending event, int attempts, String error);

    /** Makes every pending event due now (the PDP answers again); returns how many waited. */
    int retryAllNow(long now);
}
