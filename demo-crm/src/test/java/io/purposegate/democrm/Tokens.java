package io.purposegate.democrm;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Bearer tokens for the tests: the fake PDP checks nothing, demo-crm reads only {@code sub} (for /customers/me). */
public final class Tokens {

    public static final String ALICE = "00000000-0000-4000-8000-0000000a11ce";
    public static final String BOB = "00000000-0000-4000-8000-000000000b0b";

    private Tokens() {
    }

    /** An unsigned JWT-shaped token with this subject. */
    public static String of(String subject) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(("{\"sub\":\"" + subject + "\"}").getBytes(StandardCharsets.UTF_8)) + ".c2lnbmF0dXJl";
    }
}
