package io.purposegate.pdp.log;

import java.time.Instant;

/** One chained entry of the decision log with the columns the database indexes, as journaled and stored. */
record LogRow(long seq, String decisionId, long timeMs, String subject, String actorClient, String actorUser,
        String entry, String prevHash, String hash) {

    /** The row of {@code decision}, whose canonical JSON is {@code entry}. */
    static LogRow of(long seq, LoggedDecision decision, String entry, String prevHash, String hash) {
        LoggedDecision.Actor actor = decision.actor();
        return new LogRow(seq, decision.decisionId(), Instant.parse(decision.time()).toEpochMilli(), decision.subject(),
                actor == null ? null : actor.clientId(), actor == null ? null : actor.userId(), entry, prevHash, hash);
    }
}
