package io.purposegate.sdk;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.function.LongSupplier;

/**
 * One {@code POST} of a JSON document to the PDP over the JDK's {@link HttpURLConnection}: HTTP/1.1 with
 * keep-alive, its connections pooled by the JDK and reused across requests and threads, so a decision costs
 * no connection set-up, no client or provider look-up and no thread hand-over.
 *
 * <p>A connection is given back to the pool only after its answer was read to the end; one that failed
 * half-way is closed. Nothing is retried here: a failure or a {@code 503} goes to the caller at once.
 */
final class PdpHttp {

    static {
        // idle keep-alive connections the JDK keeps per destination: its default of 5 is below a service's
        // concurrency, and every request above it would open (and close) a connection of its own
        if (System.getProperty("http.maxConnections") == null) {
            System.setProperty("http.maxConnections", "64");
        }
    }

    /** Largest answer read: a full batch of 100 decisions with the PDP's largest field lists stays well below. */
    static final int MAX_ANSWER_BYTES = 8 * 1024 * 1024;

    /** What the PDP answered: its status, body and, on a {@code 503}, how long it asked callers to wait. */
    record Answer(int status, byte[] body, Duration retryAfter) {
    }

    private final URL url;
    private final int timeoutMillis;
    private final LongSupplier clockSeconds;

    PdpHttp(URI url, Duration timeout) {
        this(url, timeout, () -> System.currentTimeMillis() / 1000);
    }

    PdpHttp(URI url, Duration timeout, LongSupplier clockSeconds) {
        try {
            this.url = url.toURL();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an HTTP URL: " + url, e);
        }
        if (!"http".equals(this.url.getProtocol()) && !"https".equals(this.url.getProtocol())) {
            throw new IllegalArgumentException("not an HTTP URL: " + url);
        }
        this.timeoutMillis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
        this.clockSeconds = clockSeconds;
    }

    /** @throws IOException when no complete answer came within the budget (connect, and each read) */
    Answer post(String bearerToken, byte[] json) throws IOException {
        HttpURLConnection http = (HttpURLConnection) url.openConnection();
        boolean complete = false;
        try {
            http.setConnectTimeout(timeoutMillis);
            http.setReadTimeout(timeoutMillis);
            http.setRequestMethod("POST");
            http.setDoOutput(true);
            http.setUseCaches(false);
            http.setInstanceFollowRedirects(false);
            // no streaming mode: headers and body leave in one write, so Nagle never holds the body back
            http.setRequestProperty("Authorization", "Bearer " + bearerToken);
            http.setRequestProperty("Content-Type", "application/json");
            http.setRequestProperty("Accept", "application/json, application/problem+json");
            try (OutputStream out = http.getOutputStream()) {
                out.write(json);
            }
            int status = http.getResponseCode();
            Duration retryAfter = status == 503 ? retryAfter(http.getHeaderField("Retry-After")) : null;
            byte[] body;
            try (InputStream in = status >= 400 ? http.getErrorStream() : http.getInputStream()) {
                body = in == null ? new byte[0] : in.readNBytes(MAX_ANSWER_BYTES + 1);
                if (body.length > MAX_ANSWER_BYTES) {
                    throw new IOException("the PDP's answer is larger than " + MAX_ANSWER_BYTES + " bytes");
                }
            }
            complete = true;
            return new Answer(status, body, retryAfter);
        } finally {
            if (!complete) {
                http.disconnect(); // a connection in an unknown state is not reused
            }
        }
    }

    /**
     * RFC 9110 {@code Retry-After}: delta-seconds or an HTTP date, as a positive duration in whole seconds.
     *
     * @return null when there is none or it is not one of the two
     */
    Duration retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.strip();
        if (value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            try {
                return Duration.ofSeconds(Long.parseLong(value));
            } catch (NumberFormatException e) {
                return null; // more digits than a long: not a wait anyone means
            }
        }
        try {
            long at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toEpochSecond();
            return Duration.ofSeconds(Math.max(0, at - clockSeconds.getAsLong()));
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
