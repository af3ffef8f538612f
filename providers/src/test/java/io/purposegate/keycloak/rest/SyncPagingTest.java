package io.purposegate.keycloak.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.ws.rs.WebApplicationException;

import org.junit.jupiter.api.Test;

class SyncPagingTest {

    @Test
    void aCursorContinuesAfterTheLastUserIdOfThePage() {
        String id = "00000000-0000-4000-8000-0000000a11ce";
        assertThat(SyncPaging.after(SyncPaging.cursorAfter(id))).isEqualTo(id);
        assertThat(SyncPaging.after(null)).isEmpty();
        assertThat(SyncPaging.after("")).isEmpty();
    }

    @Test
    void aCursorThisApiDidNotWriteIsA400() {
        for (String cursor : new String[] {"!!!", "a b", SyncPaging.cursorAfter("x y"), SyncPaging.cursorAfter("\u0000"),
                SyncPaging.cursorAfter("x") + "=", "A".repeat(400)}) {
            assertThatThrownBy(() -> SyncPaging.after(cursor)).as(cursor)
                    .isInstanceOfSatisfying(WebApplicationException.class, e -> {
                        assertThat(e.getResponse().getStatus()).isEqualTo(400);
                        assertThat(e.getResponse().getMediaType().toString()).isEqualTo(Problems.MEDIA_TYPE);
                    });
        }
    }

    @Test
    void theLimitIsOneToTheDocumentedMaximum() {
        assertThat(SyncPaging.limit(null)).isEqualTo(100);
        assertThat(SyncPaging.limit("1")).isEqualTo(1);
        assertThat(SyncPaging.limit("500")).isEqualTo(SyncPaging.MAX_LIMIT).isEqualTo(500);
        for (String limit : new String[] {"0", "-1", "501", "99999999999", "ten", "1.5"}) {
            assertThatThrownBy(() -> SyncPaging.limit(limit)).as(limit)
                    .isInstanceOfSatisfying(WebApplicationException.class, e -> {
                        assertThat(e.getResponse().getStatus()).isEqualTo(400);
                        assertThat(e.getResponse().getEntity().toString()).contains("500");
                    });
        }
    }
}
