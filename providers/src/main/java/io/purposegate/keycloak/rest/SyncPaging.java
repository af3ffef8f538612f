package io.purposegate.keycloak.rest;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * The consent resync's paging: a limit of 1 to {@value #MAX_LIMIT} subjects and an opaque cursor,
 * the last user id of the previous page. Keyset paging keeps a pass complete while users are created
 * or erased meanwhile: every user who exists for the whole pass is on exactly one page (an offset
 * would skip one for every user erased before it, and the PDP forgets users a pass does not list).
 */
final class SyncPaging {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 500;
    /** Keycloak's user ids are at most 36 characters; a cursor never names more than that. */
    private static final int MAX_ID = 255;

    private SyncPaging() {
    }

    /** The cursor that continues after {@code lastUserId}. */
    static String cursorAfter(String lastUserId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(lastUserId.getBytes(StandardCharsets.UTF_8));
    }

    /** The user id a cursor continues after: {@code ""} (before every id) for none; a 400 problem for a cursor this API did not write. */
    static String after(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return "";
        }
        if (cursor.length() > 4 * MAX_ID / 3 + 4) {
            throw invalidCursor();
        }
        String id;
        try {
            id = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalidCursor();
        }
        if (id.isEmpty() || !id.chars().allMatch(c -> c > 0x20 && c < 0x7f) || !cursorAfter(id).equals(cursor)) {
            throw invalidCursor();
        }
        return id;
    }

    /** The page size asked for; a 400 problem naming the limit outside 1..{@value #MAX_LIMIT}. */
    static int limit(String text) {
        if (text == null || text.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        int limit;
        try {
            limit = text.length() > 9 ? -1 : Integer.parseInt(text);
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw Problems.invalid("limit must be between 1 and " + MAX_LIMIT,
                    List.of("limit: not a whole number in 1.." + MAX_LIMIT));
        }
        return limit;
    }

    private static jakarta.ws.rs.WebApplicationException invalidCursor() {
        return Problems.invalid("cursor is not one this API returned", List.of("cursor"));
    }
}
