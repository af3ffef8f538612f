package io.purposegate.pdp.log;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.jboss.logging.Logger;

/**
 * The decision log's write-ahead journal: append-only segment files of chained entries, forced to
 * disk ({@code fdatasync}) once per group commit before any decision of the group is answered. The
 * database holds the same entries for queries; it is fed from here in large batches, and a segment is
 * deleted only after every entry in it is in the database and the database has been synced. After a
 * crash, the entries the database does not have yet are replayed from here.
 *
 * <p>One line per entry: {@code seq TAB prev_hash TAB hash TAB v2 TAB canonical-json LF} (hash version 2; lines
 * written before step 6 have no {@code v2} field and hash version 1). The canonical JSON
 * never contains a raw tab or line feed (JSON escapes them), and is ASCII since step 6. Segment files are named after the
 * sequence number of their first entry.
 */
final class DecisionJournal implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DecisionJournal.class);
    /** The field that marks a line of hash version 2; a line without it (written before step 6) is version 1. */
    private static final String VERSION_2 = "v2";
    private static final Pattern SEGMENT = Pattern.compile("decisions-(\\d{20})\\.log");

    private final Path directory;
    private final boolean fsync;
    private final long segmentBytes;
    private FileChannel current;
    private long currentFirstSeq;
    /** Closed segments may wait for release: set when one closes, cleared when none is left (no directory listing per check). */
    private volatile boolean closedSegments = true;

    DecisionJournal(Path directory, boolean fsync, long segmentBytes) throws IOException {
        this.directory = directory;
        this.fsync = fsync;
        this.segmentBytes = segmentBytes;
        Files.createDirectories(directory);
    }

    /**
     * Entries after {@code afterSeq}, oldest first, from every segment. A torn last line (a crash during
     * a write that was never acknowledged) is ignored; reading stops at the first line that does not
     * continue the chain, with a warning.
     */
    List<LogRow> entriesAfter(long afterSeq, String afterHash) throws IOException {
        List<LogRow> rows = new ArrayList<>();
        long expectedSeq = afterSeq + 1;
        String expectedPrevious = afterHash;
        for (Segment segment : segments()) {
            // a lenient decoder: a torn multi-byte character at the end is a torn line, not an unreadable journal
            try (BufferedReader reader = new BufferedReader(
                    new java.io.InputStreamReader(Files.newInputStream(segment.path()), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    String[] parts = line.split("\t", 5);
                    if (parts.length < 4 || (parts.length == 5) != parts[3].equals(VERSION_2)) {
                        LOG.warnf("decision journal %s: an incomplete last entry is ignored", segment.path().getFileName());
                        break;
                    }
                    long seq;
                    try {
                        seq = Long.parseLong(parts[0]);
                    } catch (NumberFormatException e) {
                        LOG.warnf("decision journal %s: a line without a sequence number; replay stops here",
                                segment.path().getFileName());
                        return rows;
                    }
                    if (seq < expectedSeq) {
                        continue; // already in the database
                    }
                    int version = parts.length == 5 ? 2 : 1;
                    String entry = parts[parts.length - 1];
                    LogRow row = LogRow.fromEntry(seq, version, entry, parts[1], parts[2]);
                    if (seq != expectedSeq || !parts[1].equals(expectedPrevious) || !parts[2].equals(row.expectedHash())) {
                        LOG.warnf("decision journal %s: entry %d does not continue the chain at %d; replay stops here",
                                segment.path().getFileName(), seq, expectedSeq);
                        return rows;
                    }
                    rows.add(row);
                    expectedSeq++;
                    expectedPrevious = parts[2];
                }
            } catch (RuntimeException e) {
                throw new IOException("decision journal " + segment.path().getFileName() + " is not readable: " + e.getMessage(), e);
            }
        }
        return rows;
    }

    /** Appends {@code rows} and returns once they are on disk; on failure nothing of them stays in the journal. */
    void append(List<LogRow> rows) throws IOException {
        if (rows.isEmpty()) {
            return;
        }
        if (current == null) {
            open(rows.get(0).seq());
        }
        StringBuilder text = new StringBuilder(rows.size() * 1024);
        for (LogRow row : rows) {
            text.append(row.seq()).append('\t').append(row.prevHash()).append('\t').append(row.hash()).append('\t');
            if (row.hashVersion() == 2) {
                text.append(VERSION_2).append('\t');
            }
            text.append(row.entry()).append('\n');
        }
        ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
        long before = current.size();
        try {
            while (bytes.hasRemaining()) {
                current.write(bytes);
            }
            if (fsync) {
                current.force(false);
            }
        } catch (IOException e) {
            try {
                current.truncate(before);
            } catch (IOException truncation) {
                e.addSuppressed(truncation);
            }
            closeCurrent();
            throw e;
        }
        if (current.size() >= segmentBytes) {
            closeCurrent(); // the next append starts a new segment
        }
    }

    /** Deletes the closed segments whose every entry is at or below {@code indexedSeq}. */
    int release(long indexedSeq) throws IOException {
        List<Segment> segments = segments();
        int deleted = 0;
        for (int i = 0; i + 1 < segments.size(); i++) {
            Segment segment = segments.get(i);
            long lastSeq = segments.get(i + 1).firstSeq() - 1;
            if (lastSeq > indexedSeq || (current != null && segment.firstSeq() == currentFirstSeq)) {
                break;
            }
            Files.deleteIfExists(segment.path());
            deleted++;
        }
        closedSegments = segments.size() - deleted > 1;
        return deleted;
    }

    /** True when closed segments may wait for {@link #release}. */
    boolean hasClosedSegments() {
        return closedSegments;
    }

    private void open(long firstSeq) throws IOException {
        Path path = directory.resolve(String.format("decisions-%020d.log", firstSeq));
        current = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        currentFirstSeq = firstSeq;
        if (fsync) {
            try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
                dir.force(true); // the new file's name is durable too
            } catch (IOException e) {
                // some file systems cannot sync a directory; the file's data is still forced on each append
            }
        }
    }

    private void closeCurrent() {
        if (current != null) {
            closedSegments = true;
            try {
                current.close();
            } catch (IOException e) {
                // already failed or closed
            }
            current = null;
        }
    }

    private record Segment(Path path, long firstSeq) {
    }

    private List<Segment> segments() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(path -> {
                Matcher name = SEGMENT.matcher(path.getFileName().toString());
                return name.matches() ? new Segment(path, Long.parseLong(name.group(1))) : null;
            }).filter(java.util.Objects::nonNull).sorted(java.util.Comparator.comparingLong(Segment::firstSeq)).toList();
        }
    }

    /** For tests: the open segment's channel, to make the next append fail. */
    FileChannel currentChannel() {
        return current;
    }

    @Override
    public void close() {
        closeCurrent();
    }
}
