package io.purposegate.keycloak.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;

class OutboxDispatcherTest {

    private final OutboxDispatcher dispatcher = new OutboxDispatcher(null, URI.create("http://127.0.0.1:8280/"),
            Duration.ofSeconds(5), Duration.ofSeconds(300), Duration.ofSeconds(5));

    @Test
    void backoffDoublesUpToTheMaximum() {
        assertThat(dispatcher.backoff(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(dispatcher.backoff(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(dispatcher.backoff(5)).isEqualTo(Duration.ofSeconds(16));
        assertThat(dispatcher.backoff(9)).isEqualTo(Duration.ofSeconds(256));
        assertThat(dispatcher.backoff(10)).isEqualTo(Duration.ofSeconds(300));
        // no overflow however long the PDP stays away
        assertThat(dispatcher.backoff(10_000)).isEqualTo(Duration.ofSeconds(300));
    }
}
