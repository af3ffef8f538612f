package io.purposegate.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Token issuance with and without the PurposeGate consent mapper, on the same Keycloak, in the
 * same run: two confidential clients that differ only in that mapper, the same user, the same
 * grants. Rounds alternate between the clients so that drift of the machine hits both alike.
 *
 * <p>Arguments: {@code <keycloak base url> <results file> [concurrency] [seconds per round] [rounds]}.
 * Only addresses the given Keycloak (127.0.0.1 from the launcher).
 */
public final class TokenIssuanceBench {

    private static final Pattern STRING = Pattern.compile("\"%s\"\\s*:\\s*\"([^\"]+)\"");
    private static final String SECRET = "bench-secret";
    private static final String USER = "alice";

    private TokenIssuanceBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: TokenIssuanceBench <keycloak url> <results file> [concurrency] [seconds] [rounds]");
            System.exit(2);
        }
        String keycloak = args[0].replaceAll("/+$", "");
        Path results = Path.of(args[1]);
        int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 8;
        int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 3;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        String admin = token(http, keycloak + "/realms/master/protocol/openid-connect/token",
                Map.of("grant_type", "password", "client_id", "admin-cli", "username", "admin", "password", "admin"));
        // brute-force detection takes many parallel logins of one user for an attack: off for the
        // load (this is the benchmark's own fresh stack)
        send(http, HttpRequest.newBuilder(URI.create(keycloak + "/admin/realms/demo"))
                .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"bruteForceProtected\":false}")).build(), 204);
        createClient(http, keycloak, admin, "bench-plain", false);
        createClient(http, keycloak, admin, "bench-consent", true);
        // a user with a real ledger behind the claims: some consents given, some refused
        String userToken = token(http, keycloak + "/realms/demo/protocol/openid-connect/token", Map.of(
                "grant_type", "password", "client_id", "bench-plain", "client_secret", SECRET,
                "username", USER, "password", USER));
        send(http, HttpRequest.newBuilder(URI.create(keycloak + "/realms/demo/privacy/me/consents"))
                .header("Authorization", "Bearer " + userToken).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"granted\":[\"analytics\",\"research\"],\"refused\":[\"marketing\"]}"))
                .build(), 200);

        String tokenUrl = keycloak + "/realms/demo/protocol/openid-connect/token";
        Map<String, String> refresh = new LinkedHashMap<>();
        for (String client : List.of("bench-plain", "bench-consent")) {
            String body = send(http, form(tokenUrl, Map.of("grant_type", "password", "client_id", client,
                    "client_secret", SECRET, "username", USER, "password", USER)), 200);
            refresh.put(client, field(body, "refresh_token"));
            if (client.equals("bench-consent") && !new String(java.util.Base64.getUrlDecoder()
                    .decode(field(body, "access_token").split("\\.")[1]), StandardCharsets.UTF_8).contains("\"consent\"")) {
                throw new IllegalStateException("the consent mapper did not run for bench-consent");
            }
        }

        List<Row> rows = new ArrayList<>();
        for (String grant : List.of("password", "refresh_token")) {
            Map<String, List<Round>> byClient = new LinkedHashMap<>();
            for (int round = 0; round < rounds + 1; round++) {
                for (String client : List.of("bench-plain", "bench-consent")) {
                    Map<String, String> params = grant.equals("password")
                            ? Map.of("grant_type", "password", "client_id", client, "client_secret", SECRET,
                                    "username", USER, "password", USER)
                            : Map.of("grant_type", "refresh_token", "client_id", client, "client_secret", SECRET,
                                    "refresh_token", refresh.get(client));
                    Round measured = run(http, form(tokenUrl, params), concurrency, Duration.ofSeconds(seconds));
                    if (measured.errors() > 0) {
                        throw new IllegalStateException(measured.errors() + " token requests failed in " + grant + "/" + client);
                    }
                    if (round > 0) { // round 0 warms both up
                        byClient.computeIfAbsent(client, c -> new ArrayList<>()).add(measured);
                    }
                    System.out.printf(Locale.ROOT, "    %-14s %-13s round %d: %7.1f tokens/s, p50 %6.2f ms, errors %d%n",
                            grant, client, round, measured.throughput(), measured.p50Millis(), measured.errors());
                }
            }
            rows.add(new Row(grant, byClient.get("bench-plain"), byClient.get("bench-consent")));
        }
        Files.createDirectories(results.toAbsolutePath().getParent());
        Files.writeString(results, report(rows, concurrency, seconds, rounds));
        System.out.println("==> bench: results written to " + results);
    }

    private static void createClient(HttpClient http, String keycloak, String admin, String clientId, boolean mapper)
            throws IOException, InterruptedException {
        String mappers = mapper ? """
                ,"protocolMappers":[{"name":"purposegate consent claims","protocol":"openid-connect",
                  "protocolMapper":"purposegate-purposes-mapper",
                  "config":{"access.token.claim":"true","id.token.claim":"false","userinfo.token.claim":"true",
                            "introspection.token.claim":"true"}}]""" : "";
        String body = """
                {"clientId":"%s","enabled":true,"publicClient":false,"secret":"%s","standardFlowEnabled":false,
                 "directAccessGrantsEnabled":true,"serviceAccountsEnabled":false,
                 "attributes":{"purposegate.purposes":"service support analytics marketing research","purposegate.consent.first-party":"true"}%s}
                """.formatted(clientId, SECRET, mappers);
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(keycloak + "/admin/realms/demo/clients"))
                .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() != 201 && created.statusCode() != 409) {
            throw new IllegalStateException("creating " + clientId + ": HTTP " + created.statusCode() + " " + created.body());
        }
    }

    private static Round run(HttpClient http, HttpRequest request, int concurrency, Duration length) throws Exception {
        List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicInteger errors = new AtomicInteger();
        AtomicLong done = new AtomicLong();
        long start = System.nanoTime();
        long deadline = start + length.toNanos();
        ExecutorService workers = Executors.newFixedThreadPool(concurrency);
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            running.add(workers.submit(() -> {
                while (System.nanoTime() < deadline) {
                    long sent = System.nanoTime();
                    try {
                        HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
                        if (response.statusCode() != 200) {
                            errors.incrementAndGet();
                        }
                    } catch (IOException e) {
                        errors.incrementAndGet();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    latencies.add(System.nanoTime() - sent);
                    done.incrementAndGet();
                }
            }));
        }
        for (Future<?> worker : running) {
            worker.get();
        }
        workers.shutdown();
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        return new Round(done.get() / seconds, sorted.length == 0 ? 0 : sorted[sorted.length / 2] / 1e6,
                sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.round(sorted.length * 0.99))] / 1e6,
                errors.get());
    }

    private static String report(List<Row> rows, int concurrency, int seconds, int rounds) {
        StringBuilder out = new StringBuilder();
        out.append("# Token issuance with and without the consent mapper\n\n");
        out.append("`bin/purposegate bench keycloak` (`TokenIssuanceBench`), ").append(LocalDate.now()).append(", ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores, Java ")
                .append(System.getProperty("java.version")).append(".\n\n");
        out.append("One Keycloak 26.7.3 (dev-file database), two confidential clients of realm `demo` that differ only in the ")
                .append("`purposegate-purposes-mapper` (purposes, consent, privacy_training from the ledger), the same user ")
                .append("(`alice`, with ledger records), closed loop at concurrency ").append(concurrency).append(", ")
                .append(rounds).append(" measured rounds of ").append(seconds)
                .append(" s per client after one warm-up round, clients alternating, brute-force detection off for the load. ")
                .append("Figures are medians over rounds; errors must be 0.\n\n");
        out.append("| grant | without mapper (tokens/s) | with mapper (tokens/s) | p50 without (ms) | p50 with (ms) | slower by | goal |\n");
        out.append("| --- | ---: | ---: | ---: | ---: | ---: | --- |\n");
        for (Row row : rows) {
            double plain = median(row.plain().stream().mapToDouble(Round::throughput).toArray());
            double consent = median(row.consent().stream().mapToDouble(Round::throughput).toArray());
            double slower = (plain / consent - 1) * 100;
            out.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.2f | %.2f | %+.1f %% | < 5 %%: %s |%n",
                    row.grant(), plain, consent,
                    median(row.plain().stream().mapToDouble(Round::p50Millis).toArray()),
                    median(row.consent().stream().mapToDouble(Round::p50Millis).toArray()),
                    slower, slower < 5 ? "met" : "missed"));
        }
        out.append("\nRounds (tokens/s): ");
        out.append(rows.stream().map(r -> r.grant() + " without " + fmt(r.plain()) + ", with " + fmt(r.consent()))
                .collect(Collectors.joining("; ")));
        out.append(".\n\nThe password grant is dominated by password hashing, so the mapper's share is small there; the ")
                .append("refresh grant is where its one primary-key read of the ledger head and the catalog (cached ")
                .append("in memory per catalog revision) shows. On 2 cores the load generator shares the CPU with Keycloak: ")
                .append("compare the two columns of one run, not figures across machines.\n");
        return out.toString();
    }

    private static String fmt(List<Round> rounds) {
        return rounds.stream().map(r -> String.format(Locale.ROOT, "%.1f", r.throughput()))
                .collect(Collectors.joining(" / "));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static HttpRequest form(String url, Map<String, String> params) {
        String body = params.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static String token(HttpClient http, String url, Map<String, String> params) throws IOException, InterruptedException {
        return field(send(http, form(url, params), 200), "access_token");
    }

    private static String send(HttpClient http, HttpRequest request, int expected) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(request.uri() + ": HTTP " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile(String.format(STRING.pattern(), name)).matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in the response");
        }
        return m.group(1);
    }

    private record Round(double throughput, double p50Millis, double p99Millis, int errors) {
    }

    private record Row(String grant, List<Round> plain, List<Round> consent) {
    }
}
