package io.purposegate.sdk;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.ws.rs.core.Response;

/**
 * The purposes a {@link PersonalData} method serves ({@code purposes} and {@code purpose} together),
 * and which of them a request is for: the one named in the {@value PersonalData#PURPOSE_HEADER}
 * header, or the method's only purpose when the header is absent.
 */
final class ServedPurposes {

    private static final Logger LOG = Logger.getLogger(ServedPurposes.class.getName());

    /** The purpose the request is for, or the problem to answer in the method's place. */
    record Choice(String purpose, Response problem) {
    }

    private final Map<Method, Set<String>> byMethod = new ConcurrentHashMap<>();

    /** @return the purposes the method serves, in declaration order; empty means every purpose */
    Set<String> of(Method method, PersonalData guard) {
        return byMethod.computeIfAbsent(method, m -> {
            Set<String> served = new LinkedHashSet<>();
            if (!guard.purpose().isBlank()) {
                served.add(guard.purpose().strip());
            }
            Arrays.stream(guard.purposes()).filter(p -> !p.isBlank()).map(String::strip).forEach(served::add);
            if (served.isEmpty()) {
                LOG.log(Level.WARNING, "@PersonalData on {0} declares no purposes, so it serves every purpose a caller"
                        + " names: declare them (purposes = ...)", m);
            }
            return Collections.unmodifiableSet(served);
        });
    }

    /**
     * The purpose this request is for, given the header's value (null when absent). A purpose the
     * catalog does not know is refused as unknown before it is refused as not served.
     */
    Choice choose(Method method, PersonalData guard, String header, Predicate<String> unknown) {
        Set<String> served = of(method, guard);
        String named = header == null || header.isBlank() ? null : header.strip();
        if (named == null && served.size() != 1) {
            return new Choice(null, Problems.of(400, "purpose-missing", "Purpose missing",
                    "name the purpose of this access in the " + PersonalData.PURPOSE_HEADER + " header"
                            + (served.isEmpty() ? "" : "; this endpoint serves " + List.copyOf(served))));
        }
        String purpose = named != null ? named : served.iterator().next();
        if (unknown.test(purpose)) {
            return new Choice(null, Problems.of(400, "purpose-unknown", "Unknown purpose",
                    "the purpose named in the " + PersonalData.PURPOSE_HEADER + " header is not in the purpose catalog"));
        }
        if (!served.isEmpty() && !served.contains(purpose)) {
            // the caller's text is not echoed: it may be anything
            String message = "this endpoint serves only the purposes " + List.copyOf(served);
            return new Choice(null, Problems.of(400, "purpose-not-served", "Purpose not served",
                    "the purpose named in the " + PersonalData.PURPOSE_HEADER + " header is not one this endpoint serves; "
                            + message,
                    null, List.of(new PdpDecision.Reason("purpose.not_served", message))));
        }
        return new Choice(purpose, null);
    }
}
