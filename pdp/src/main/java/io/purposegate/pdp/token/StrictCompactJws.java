package io.purposegate.pdp.token;

import java.text.ParseException;
import java.util.Base64;

/**
 * Only the canonical compact serialization (RFC 7515 §3.1, §2): exactly three parts, each unpadded
 * base64url without any other character and without stray bits. nimbus decodes leniently; a token
 * that two decoders could read differently is refused before it is parsed.
 */
final class StrictCompactJws {

    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private StrictCompactJws() {
    }

    static void requireCanonical(String compact) throws ParseException {
        if (compact == null) {
            throw new ParseException("no token", 0);
        }
        int first = compact.indexOf('.');
        int second = first < 0 ? -1 : compact.indexOf('.', first + 1);
        if (first <= 0 || second < 0 || compact.indexOf('.', second + 1) >= 0) {
            throw new ParseException("a compact JWS has exactly three parts", 0);
        }
        requireCanonicalPart(compact, 0, first);
        requireCanonicalPart(compact, first + 1, second);
        requireCanonicalPart(compact, second + 1, compact.length());
    }

    private static void requireCanonicalPart(String compact, int from, int to) throws ParseException {
        for (int i = from; i < to; i++) {
            char c = compact.charAt(i);
            boolean base64url = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_';
            if (!base64url) {
                throw new ParseException("not unpadded base64url", i);
            }
        }
        String part = compact.substring(from, to);
        try {
            if (!ENCODER.encodeToString(DECODER.decode(part)).equals(part)) {
                throw new ParseException("not canonical base64url", from);
            }
        } catch (IllegalArgumentException e) {
            throw new ParseException("not base64url", from);
        }
    }
}
