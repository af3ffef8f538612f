package io.purposegate.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code purposegate_*_total} counters of a service's Prometheus endpoint ({@code /q/metrics}), read before and
 * after a measured window, so the report can say why answers were not 2xx (the PDP counts each decision's outcome,
 * e.g. {@code purposegate_decisions_total{outcome="engine.unavailable"}}). Any counter of the family is taken, so
 * counters added later (such as shed load) show up without a change here.
 */
final class PrometheusCounters {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private PrometheusCounters() {
    }

    /** Series (name and labels, as exposed) to value; empty when the endpoint does not answer. */
    static Map<String, Double> scrape(String url) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                    .header("Accept", "text/plain").GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? parse(response.body()) : Map.of();
        } catch (IOException e) {
            return Map.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        }
    }

    static Map<String, Double> parse(String exposition) {
        Map<String, Double> counters = new TreeMap<>();
        for (String line : exposition.split("\n")) {
            if (!line.startsWith("purposegate_")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            String series = line.substring(0, space).trim();
            String name = series.contains("{") ? series.substring(0, series.indexOf('{')) : series;
            if (name.endsWith("_total")) {
                try {
                    counters.put(series, Double.parseDouble(line.substring(space + 1).trim()));
                } catch (NumberFormatException e) {
                    // a timestamp or a malformed line: not a counter value we can use
                }
            }
        }
        return counters;
    }

    /** What grew between {@code before} and {@code after}, adding to {@code into}. */
    static void addDelta(Map<String, Double> before, Map<String, Double> after, Map<String, Double> into) {
        after.forEach((series, value) -> {
            double delta = value - before.getOrDefault(series, 0.0);
            if (delta > 0) {
                into.merge(series, delta, Double::sum);
            }
        });
    }
}
