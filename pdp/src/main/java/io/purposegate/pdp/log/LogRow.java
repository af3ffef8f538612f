package io.purposegate.pdp.log;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * One chained entry of the decision log with the columns the database indexes, as journaled and stored.
 * {@code hashVersion} is the {@link ChainHash} rule its hash follows; {@code problem} says why the entry
 * cannot be indexed at all (its text is unreadable), else null.
 */
record LogRow(long seq, int hashVersion, String decisionId, long timeMs, String subject, String actorClient, String actorUser,
        String purpose, String action, String resourceType, String resourceId, String entry, String prevHash, String hash,
        String problem) {

    /** The row of {@code decision}, whose canonical JSON is {@code entry}. Never throws on what the decision holds. */
    static LogRow of(long seq, int hashVersion, LoggedDecision decision, String entry, String prevHash, String hash) {
        LoggedDecision.Actor actor = decision.actor();
        LoggedDecision.Resource resource = decision.resource();
        long timeMs = 0;
        String problem = null;
        try {
            timeMs = Instant.parse(decision.time()).toEpochMilli();
        } catch (DateTimeParseException | NullPointerException e) {
            problem = "time.unreadable";
        }
        return new LogRow(seq, hashVersion, decision.decisionId(), timeMs, decision.subject(),
                actor == null ? null : actor.clientId(), actor == null ? null : actor.userId(),
                decision.purpose(), decision.action(), resource == null ? null : resource.type(),
                resource == null ? null : resource.id(), entry, prevHash, hash, problem);
    }

    /** The row of a journaled or set-aside entry, from its text alone; an unreadable text gives a row that is set aside. */
    static LogRow fromEntry(long seq, int hashVersion, String entry, String prevHash, String hash) {
        try {
            return of(seq, hashVersion, LogEntries.parse(entry), entry, prevHash, hash);
        } catch (java.sql.SQLException | RuntimeException e) {
            return new LogRow(seq, hashVersion, null, 0, null, null, null, null, null, null, null, entry, prevHash, hash,
                    "entry.unreadable");
        }
    }

    LogRow withHash(String newHash) {
        return new LogRow(seq, hashVersion, decisionId, timeMs, subject, actorClient, actorUser, purpose, action, resourceType,
                resourceId, entry, prevHash, newHash, problem);
    }

    /** The hash this row's stored values give under its hash version. */
    String expectedHash() {
        return ChainHash.of(this);
    }
}
