package io.purposegate.keycloak.outbox;

/** What one attempt to hand an event to the PDP came to. */
public record DeliveryAttempt(Outcome outcome, String error) {

    public enum Outcome {
        /** {@code 2xx}: the PDP has the event (applied, or stale because it already knew newer). */
        DELIVERED,
        /** The PDP answered and refused this event ({@code 400}, {@code 413}, {@code 415}, {@code 422}); others may pass. */
        REFUSED,
        /** No answer, or an answer that concerns every event ({@code 5xx}, {@code 401}, {@code 429} ...). */
        UNAVAILABLE
    }

    public static DeliveryAttempt delivered() {
        return new DeliveryAttempt(Outcome.DELIVERED, null);
    }

    public static DeliveryAttempt refused(String error) {
        return new DeliveryAttempt(Outcome.REFUSED, error);
    }

    public static DeliveryAttempt unavailable(String error) {
        return new DeliveryAttempt(Outcome.UNAVAILABLE, error);
    }

    /** How the PDP's HTTP status is taken: only a malformed event is that event's own fault. */
    public static DeliveryAttempt ofStatus(int status) {
        if (status / 100 == 2) {
            return delivered();
        }
        String error = "PDP answered " + status;
        return switch (status) {
            case 400, 413, 415, 422 -> refused(error);
            default -> unavailable(error);
        };
    }
}
