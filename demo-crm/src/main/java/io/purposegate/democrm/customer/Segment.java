package io.purposegate.democrm.customer;

import java.util.Set;

/** The marketing segments a customer belongs to; campaigns select by them. */
public final class Segment {

    public static final Set<String> ALL = Set.of("new", "loyal", "vip", "at-risk");

    private Segment() {
    }
}
