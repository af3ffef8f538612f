package io.purposegate.pdp.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.purposegate.pdp.store.Database;
import io.purposegate.pdp.store.TestDatabases;

/**
 * The journal write path on the embedded H2 file: the whole contract, plus what the journal adds.
 * The index interval is an hour, so every query below sees recent entries only because it flushes.
 */
class DecisionLogJournalTest extends DecisionLogContract {

    @TempDir
    Path folder;

    @Override
    Database openDatabase() {
        return TestDatabases.h2(folder);
    }

    @Override
    DecisionLog openLog() {
        return new DecisionLog(database, 64, Duration.ofSeconds(5), folder.resolve("journal"), true, Duration.ofHours(1), metrics,
                checkpointKey);
    }

    @Override
    void breakDurableStore() throws Exception {
        log.journal().currentChannel().close();
    }

    @Test
    void entriesMissingFromTheDatabaseAfterACrashAreReplayedFromTheJournal() throws Exception {
        for (int i = 0; i < 5; i++) {
            log.record(decision(T0.plusSeconds(i), "support-console", "sam-id", "alice", true));
        }
        log.haltWithoutIndexing();
        assertThat(rowsInDatabase()).isZero(); // acknowledged, and only in the journal

        log = openLog();
        log.flush();

        assertThat(rowsInDatabase()).isEqualTo(5);
        log.record(decision(T0.plusSeconds(9), "support-console", "sam-id", "alice", true));
        DecisionLog.Verification verification = log.verify();
        assertThat(verification.valid()).isTrue();
        assertThat(verification.entries()).isEqualTo(6);
    }

    @Test
    void aTornLastLineIsIgnoredAndTheChainContinuesFromTheLastWholeEntry() throws Exception {
        for (int i = 0; i < 3; i++) {
            log.record(decision(T0.plusSeconds(i), "support-console", "sam-id", "alice", true));
        }
        log.haltWithoutIndexing();
        Path segment = segments().get(0);
        Files.writeString(segment, "4\t" + "ab".repeat(32) + "\t", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        log = openLog();
        log.record(decision(T0.plusSeconds(5), "support-console", "sam-id", "bob", true));

        assertThat(log.verify().valid()).isTrue();
        assertThat(rowsInDatabase()).isEqualTo(4);
        assertThat(log.bySubject("bob", T0, T0.plusSeconds(60), null, 10).decisions()).hasSize(1);
    }

    @Test
    void aJournalHoldingAnEntryNoColumnHoldsRecoversAfterACrashWithoutAnyone() throws Exception {
        log.record(withSubject(T0, "alice"));
        log.record(withSubject(T0.plusSeconds(1), "o".repeat(300)));
        log.record(withSubject(T0.plusSeconds(2), "alice"));
        log.haltWithoutIndexing();
        assertThat(rowsInDatabase()).isZero();

        log = openLog(); // step 5 refused to start here: "cannot recover the decision journal"

        log.record(withSubject(T0.plusSeconds(3), "alice"));
        assertThat(log.bySubject("alice", T0, T0.plusSeconds(60), null, 10).decisions()).hasSize(3);
        DecisionLog.Verification verification = log.verify();
        assertThat(verification.valid()).isTrue();
        assertThat(verification.entries()).isEqualTo(4);
        assertThat(verification.setAsideEntries()).extracting(SetAside::seq).containsExactly(2L);
    }

    @Test
    void aJournalLeftByTheCodeBeforeTheUpgradeIsReplayedAndVerifiesByItsOwnRule() throws Exception {
        log.close();
        String entry = LogEntries.canonicalJson(withSubject(T0, "alice"));
        String step5Hash = ChainHash.of(ChainHash.GENESIS, entry); // hash version 1, and a line without the v2 field
        Files.writeString(folder.resolve("journal").resolve(String.format("decisions-%020d.log", 1)),
                "1\t" + ChainHash.GENESIS + "\t" + step5Hash + "\t" + entry + "\n", StandardCharsets.UTF_8);

        log = openLog();
        log.record(withSubject(T0.plusSeconds(1), "alice"));

        assertThat(log.bySubject("alice", T0, T0.plusSeconds(60), null, 10).decisions()).hasSize(2);
        DecisionLog.Verification verification = log.verify();
        assertThat(verification.valid()).isTrue();
        assertThat(verification.entries()).isEqualTo(2);
    }

    @Test
    void queriesSeeEveryEntryRecordedBeforeThem() throws Exception {
        for (int i = 0; i < 30; i++) {
            log.record(decision(T0.plusMillis(i), "support-console", "sam-id", "carol", i % 2 == 0));
        }

        assertThat(log.bySubject("carol", T0, T0.plusSeconds(1), null, 100).decisions()).hasSize(30);
        assertThat(rowsInDatabase()).isEqualTo(30);
    }

    private long rowsInDatabase() throws Exception {
        return database.withConnection(connection -> {
            try (PreparedStatement count = connection.prepareStatement("SELECT COUNT(*) FROM decision_log");
                    ResultSet row = count.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        });
    }

    private List<Path> segments() throws Exception {
        try (Stream<Path> files = Files.list(folder.resolve("journal"))) {
            return files.sorted().toList();
        }
    }
}
