package io.purposegate.pdp.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;
import net.jqwik.api.statistics.Statistics;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.purposegate.pdp.store.Database;

/**
 * Generated decisions with hostile strings, within and beyond the decision API's input limits
 * (docs/pdp.md): every one is journaled and acknowledged; those within the limits are indexed and found
 * by subject and by actor; none blocks recording, queries, verification or a restart after a kill.
 */
abstract class DecisionLogProperties {

    static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]*");

    Path folder;
    Database database;
    DecisionLog log;
    final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    long recorded;
    long beyondLimits;
    int tries;

    abstract Database openDatabase(Path folder);

    /** The log on the write path this store runs in production: a new instance over the same journal and database. */
    abstract DecisionLog openLog(Path folder);

    @BeforeProperty
    void open() throws Exception {
        Files.createDirectories(Path.of("target"));
        folder = Files.createTempDirectory(Path.of("target"), "log-properties");
        database = openDatabase(folder);
        log = openLog(folder);
    }

    @AfterProperty
    void close() throws Exception {
        log.close();
        database.close();
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    @Property(tries = 40)
    void everyEntryIsJournaledThoseWithinTheLimitsAreFoundAndNoneBlocksTheLog(
            @ForAll("decisions") List<LoggedDecision> generated, @ForAll boolean killAfterwards) throws Exception {
        Instant window = T0.plusSeconds(60L * ++tries);
        List<LoggedDecision> decisions = new ArrayList<>();
        for (int i = 0; i < generated.size(); i++) {
            decisions.add(at(generated.get(i), window.plusMillis(i)));
        }

        log.recordAll(decisions); // throws if any of them is not durable
        recorded += decisions.size();

        for (LoggedDecision decision : decisions) {
            Statistics.label("entries").collect(withinLimits(decision) ? "within the limits" : "beyond them");
            if (withinLimits(decision)) {
                assertThat(log.bySubject(decision.subject(), window, window.plusSeconds(60), null, 100).decisions())
                        .contains(decision);
                assertThat(log.byActor(decision.actor().userId(), window, window.plusSeconds(60), null, 100).decisions())
                        .contains(decision);
            } else {
                beyondLimits++;
            }
        }
        if (killAfterwards) {
            log.haltWithoutIndexing(); // no clean close: the journal may hold entries the database has not
            log = openLog(folder);
        }
        DecisionLog.Verification verification = log.verify();
        assertThat(verification.valid()).isTrue();
        assertThat(verification.entries()).isEqualTo(recorded);
        assertThat(verification.setAside()).isLessThanOrEqualTo(beyondLimits);
        Statistics.label("set aside so far").collect(verification.setAside() > 0);
        for (LoggedDecision decision : decisions) {
            if (withinLimits(decision)) {
                assertThat(log.bySubject(decision.subject(), window, window.plusSeconds(60), null, 100).decisions())
                        .contains(decision);
            }
        }
    }

    private static LoggedDecision at(LoggedDecision d, Instant time) {
        return new LoggedDecision(d.decisionId(), time.toString(), d.actor(), d.subject(), d.purpose(), d.action(),
                d.resource(), d.fields(), d.allow(), d.reasons(), d.policyRevision(), d.review());
    }

    @Provide
    Arbitrary<List<LoggedDecision>> decisions() {
        Arbitrary<LoggedDecision.Actor> actors = Combinators.combine(hostile(255), hostile(255), hostile(255))
                .as((client, user, username) -> new LoggedDecision.Actor(client, user, username, List.of("support-agent")));
        Arbitrary<LoggedDecision.Resource> resources = Combinators.combine(hostile(64), hostileOrHuge(255))
                .as(LoggedDecision.Resource::new);
        Arbitrary<LoggedDecision.Fields> fields = hostile(128).list().ofMaxSize(4)
                .map(names -> new LoggedDecision.Fields(names, names, Map.of(), List.of()));
        Arbitrary<LoggedDecision> decision = Combinators.combine(actors, hostile(255), hostile(64), hostile(64), resources, fields,
                Arbitraries.of(true, false))
                .as((actor, subject, purpose, action, resource, asked, allow) -> new LoggedDecision(UUID.randomUUID().toString(),
                        T0.toString(), actor, subject, purpose, action, resource, asked, allow,
                        allow ? List.of() : List.of(new LoggedDecision.Reason("consent.missing", "no consent")), "rev-1"));
        return decision.list().ofMinSize(1).ofMaxSize(4);
    }

    /** Ordinary names, hostile characters (NUL, controls, lone surrogates, quotes, bidi), any UTF-16, at and past {@code limit}. */
    static Arbitrary<String> hostile(int limit) {
        Arbitrary<String> ordinary = Arbitraries.strings().withCharRange('a', 'z').numeric().withChars("-_.").ofMinLength(1).ofMaxLength(12);
        Arbitrary<String> nasty = Arbitraries.strings()
                .withChars("\u0000\u0001\t\n\r\"\\'%_;\u007f\u00e9\u202e\ud800\udbff\udc00\udfff\ufeff\uffff")
                .withCharRange('a', 'c').ofMinLength(1).ofMaxLength(12);
        Arbitrary<String> anything = Arbitraries.strings().all().ofMinLength(1).ofMaxLength(16);
        Arbitrary<String> wide = Arbitraries.of("\uD83D\uDE00", "e\u0301", "\u4e2d\u6587", "x").list().ofMinSize(1).ofMaxSize(140)
                .map(parts -> String.join("", parts));
        Arbitrary<String> nearLimit = Arbitraries.strings().alpha().ofMinLength(limit - 2).ofMaxLength(limit + 2);
        Arbitrary<String> farPast = Arbitraries.strings().alpha().ofMinLength(limit + 1).ofMaxLength(limit * 4);
        return Arbitraries.frequencyOf(Tuple.of(5, ordinary), Tuple.of(3, nasty), Tuple.of(2, anything), Tuple.of(1, wide),
                Tuple.of(2, nearLimit), Tuple.of(1, farPast));
    }

    /** As {@link #hostile}, and now and then a value that makes the entry larger than the entry column (a huge entry). */
    static Arbitrary<String> hostileOrHuge(int limit) {
        return Arbitraries.frequencyOf(Tuple.of(30, hostile(limit)), Tuple.of(1, Arbitraries.just("h".repeat(1_100_000))));
    }

    /** The decision API's input limits (docs/pdp.md): what the edge admits must be indexed. */
    static boolean withinLimits(LoggedDecision d) {
        return identifier(d.subject(), 255) && identifier(d.resource().id(), 255) && identifier(d.actor().clientId(), 255)
                && identifier(d.actor().userId(), 255) && name(d.purpose()) && name(d.action()) && name(d.resource().type());
    }

    private static boolean name(String value) {
        return value.length() <= 64 && NAME.matcher(value).matches();
    }

    private static boolean identifier(String value, int max) {
        if (value.isEmpty() || value.length() > max) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return false;
            }
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
