package io.purposegate.pdp.decision;

import java.security.SecureRandom;
import java.util.UUID;

/** Decision ids are UUIDv7 (RFC 9562): unique, and sortable by time like the decision log they index. */
final class DecisionIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private DecisionIds() {
    }

    static UUID next() {
        return at(System.currentTimeMillis());
    }

    static UUID at(long epochMillis) {
        byte[] random = new byte[10];
        RANDOM.nextBytes(random);
        long high = (epochMillis & 0xFFFF_FFFF_FFFFL) << 16
                | 0x7000L
                | ((random[0] & 0x0FL) << 8) | (random[1] & 0xFFL);
        long low = 0x8000_0000_0000_0000L | ((random[2] & 0x3FL) << 56);
        for (int i = 3; i < 10; i++) {
            low |= (random[i] & 0xFFL) << (8 * (9 - i));
        }
        return new UUID(high, low);
    }
}
