package io.purposegate.pdp.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecisionJournalTest {

    @TempDir
    Path folder;

    @Test
    void segmentsRollOverAndOnlyFullyIndexedClosedOnesAreReleased() throws Exception {
        List<LogRow> written = new ArrayList<>();
        try (DecisionJournal journal = new DecisionJournal(folder, false, 400)) {
            String previous = ChainHash.GENESIS;
            for (long seq = 1; seq <= 6; seq++) {
                String entry = "{\"decision_id\":\"d" + seq + "\",\"time\":\"2026-11-29T10:00:0" + seq
                        + "Z\",\"subject\":\"alice\",\"allow\":true}";
                String hash = ChainHash.of(previous, entry);
                LogRow row = LogRow.fromEntry(seq, 1, entry, previous, hash);
                journal.append(List.of(row)); // a line is about 240 bytes: a segment closes after every second entry
                written.add(row);
                previous = hash;
            }
            assertThat(files()).hasSize(3);

            assertThat(journal.release(3)).isEqualTo(1); // entries 1-2 are indexed; 3-4 are not all
            assertThat(files()).hasSize(2);
            assertThat(journal.entriesAfter(2, written.get(1).hash())).extracting(LogRow::seq)
                    .containsExactly(3L, 4L, 5L, 6L);

            assertThat(journal.release(6)).isEqualTo(1); // the newest segment is kept: it is written next
            assertThat(files()).hasSize(1);
        }
    }

    @Test
    void replayStopsWhereTheChainBreaks() throws Exception {
        try (DecisionJournal journal = new DecisionJournal(folder, false, 1 << 20)) {
            String entry = "{\"decision_id\":\"d1\",\"time\":\"2026-11-29T10:00:00Z\",\"subject\":\"alice\",\"allow\":true}";
            String hash = ChainHash.of(ChainHash.GENESIS, entry);
            journal.append(List.of(LogRow.fromEntry(1, 1, entry, ChainHash.GENESIS, hash),
                    LogRow.fromEntry(2, 1, entry.replace("d1", "d2"), hash, "f".repeat(64))));

            assertThat(journal.entriesAfter(0, ChainHash.GENESIS)).extracting(LogRow::seq).containsExactly(1L);
        }
    }

    private List<Path> files() throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.toList();
        }
    }
}
