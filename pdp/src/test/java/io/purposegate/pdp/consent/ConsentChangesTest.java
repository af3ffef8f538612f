package io.purposegate.pdp.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** The change ring: order, pages, resets, waiting. */
class ConsentChangesTest {

    @Test
    void changesAfterACursorInOrder() {
        ConsentChanges changes = new ConsentChanges(10);
        String start = changes.cursor();
        changes.record("alice", 3);
        changes.record("bob", 1);
        changes.record("alice", 4);

        ConsentChanges.Page page = changes.after(start);

        assertThat(page.reset()).isFalse();
        assertThat(page.changes()).containsExactly(new ConsentChanges.Change("alice", 3), new ConsentChanges.Change("bob", 1),
                new ConsentChanges.Change("alice", 4));
        assertThat(changes.after(page.cursor()).changes()).isEmpty();
        assertThat(changes.after(page.cursor()).cursor()).isEqualTo(page.cursor());
    }

    @Test
    void aCursorOlderThanTheRingIsAReset() {
        ConsentChanges changes = new ConsentChanges(3);
        String start = changes.cursor();
        changes.record("a", 1);
        String afterOne = changes.cursor();
        changes.record("b", 1);
        changes.record("c", 1);
        changes.record("d", 1); // "a" falls out of the ring

        ConsentChanges.Page fromStart = changes.after(start);
        assertThat(fromStart.reset()).isTrue();
        assertThat(fromStart.changes()).isEmpty();
        assertThat(fromStart.cursor()).isEqualTo(changes.cursor());
        assertThat(changes.after(afterOne).reset()).isFalse(); // b, c, d are all still there
        assertThat(changes.after(afterOne).changes()).extracting(ConsentChanges.Change::subject).containsExactly("b", "c", "d");
    }

    @Test
    void aCursorOfAnotherBootIsAResetAndGarbageIsRefused() {
        ConsentChanges before = new ConsentChanges(10);
        before.record("a", 1);
        String old = before.cursor();
        ConsentChanges restarted = new ConsentChanges(10);

        assertThat(restarted.after(old).reset()).isTrue();
        String ahead = Base64.getUrlEncoder().withoutPadding().encodeToString(
                (new String(Base64.getUrlDecoder().decode(restarted.cursor())).replace(".0", ".99")).getBytes());
        assertThat(restarted.after(ahead).reset()).isTrue();
        assertThatThrownBy(() -> restarted.after("!!")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> restarted.after(Base64.getUrlEncoder().encodeToString("x.1".getBytes())))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> restarted.after(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aLongBacklogComesInPages() {
        ConsentChanges changes = new ConsentChanges(5_000);
        String start = changes.cursor();
        for (int i = 0; i < 2_500; i++) {
            changes.record("s" + i, i);
        }
        ConsentChanges.Page first = changes.after(start);
        ConsentChanges.Page second = changes.after(first.cursor());
        ConsentChanges.Page third = changes.after(second.cursor());

        assertThat(first.changes()).hasSize(ConsentChanges.MAX_PAGE);
        assertThat(second.changes().get(0).subject()).isEqualTo("s1000");
        assertThat(third.changes()).hasSize(500);
        assertThat(changes.after(third.cursor()).changes()).isEmpty();
    }

    @Test
    void aWaitEndsWithTheFirstChange() throws Exception {
        ConsentChanges changes = new ConsentChanges(10);
        String start = changes.cursor();
        CompletableFuture<ConsentChanges.Page> waiting = changes.next(start, Duration.ofSeconds(20)).toCompletableFuture();
        Thread.sleep(100);
        assertThat(waiting).isNotDone();
        assertThat(changes.waiting()).isEqualTo(1);

        changes.record("alice", 7);

        ConsentChanges.Page page = waiting.get(5, TimeUnit.SECONDS);
        assertThat(page.changes()).containsExactly(new ConsentChanges.Change("alice", 7));
        assertThat(changes.waiting()).isZero();
    }

    @Test
    void aWaitWithoutChangeEndsEmptyAfterItsTime() throws Exception {
        ConsentChanges changes = new ConsentChanges(10);
        String start = changes.cursor();
        long started = System.nanoTime();

        ConsentChanges.Page page = changes.next(start, Duration.ofMillis(300)).toCompletableFuture().get(5, TimeUnit.SECONDS);

        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isGreaterThanOrEqualTo(290);
        assertThat(page.changes()).isEmpty();
        assertThat(page.reset()).isFalse();
        assertThat(page.cursor()).isEqualTo(start);
        assertThat(changes.waiting()).isZero();
    }

    @Test
    void pendingChangesAndResetsAnswerAtOnce() throws Exception {
        ConsentChanges changes = new ConsentChanges(10);
        String start = changes.cursor();
        changes.record("bob", 2);

        assertThat(changes.next(start, Duration.ofSeconds(30)).toCompletableFuture().getNow(null).changes()).hasSize(1);
        assertThat(changes.next(new ConsentChanges(10).cursor(), Duration.ofSeconds(30)).toCompletableFuture().getNow(null).reset())
                .isTrue();
    }
}
