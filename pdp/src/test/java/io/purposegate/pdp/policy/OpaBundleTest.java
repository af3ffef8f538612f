package io.purposegate.pdp.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

/**
 * The PDP's bundle in a real OPA: OPA polls it, activates it, evaluates the repository's policy with it,
 * reports its revision in provenance, picks up a new revision, and is asked conditionally (ETag).
 */
class OpaBundleTest {

    @TempDir
    Path work;

    private static final Path POLICIES = Path.of(System.getProperty("purposegate-test.policies", "../policies"));

    @Test
    void opaServesTheRepositoryPolicyFromThePdpsBundleAndReportsItsRevision() throws Exception {
        AtomicReference<PolicyBundle> served = new AtomicReference<>(PolicyBundle.build(POLICIES, PolicyBundle.defaultRoots()));
        AtomicInteger notModified = new AtomicInteger();
        HttpServer pdp = bundleServer(served, notModified);
        try (RealOpa opa = RealOpa.pollingBundle(work, "http://127.0.0.1:" + pdp.getAddress().getPort(), "/bundle.tar.gz");
                OpaClient client = new OpaClient(opa.url(), Duration.ofSeconds(2))) {
            OpaClient.Evaluation<PolicyDecision> evaluation = client.evaluateWithProvenance("purposegate/access/decision",
                    Map.of("action", "read", "purpose", "support",
                            "token", Map.of("purposes", List.of("support")),
                            "resource", Map.of("type", "customer", "id", "c-1", "owner", "o", "fields", List.of("name"))),
                    PolicyDecision.class);

            assertThat(evaluation.result().wellFormed()).isTrue();
            assertThat(evaluation.bundleRevisions()).containsEntry("purposegate", served.get().revision());

            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (notModified.get() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(notModified.get()).as("OPA polls with If-None-Match and gets 304 while nothing changed").isPositive();
        } finally {
            pdp.stop(0);
        }
    }

    @Test
    void newRevisionIsActivatedAsAWhole() throws Exception {
        Path policies = work.resolve("policies/purposegate/access");
        Files.createDirectories(policies);
        Files.writeString(policies.resolve("decision.rego"), """
                package purposegate.access
                decision := {"allow": false, "reasons": [{"code": "v1", "message": "one"}], "fields": {"allowed": [], "masked": {}, "denied": []}}
                """);
        Path root = work.resolve("policies");
        AtomicReference<PolicyBundle> served = new AtomicReference<>(PolicyBundle.build(root, PolicyBundle.defaultRoots()));
        HttpServer pdp = bundleServer(served, new AtomicInteger());
        try (RealOpa opa = RealOpa.pollingBundle(work, "http://127.0.0.1:" + pdp.getAddress().getPort(), "/bundle.tar.gz");
                OpaClient client = new OpaClient(opa.url(), Duration.ofSeconds(2))) {
            assertThat(client.evaluate("purposegate/access/decision", Map.of(), PolicyDecision.class).reasons().get(0).code())
                    .isEqualTo("v1");

            Files.writeString(policies.resolve("decision.rego"), """
                    package purposegate.access
                    decision := {"allow": false, "reasons": [{"code": "v2", "message": "two"}], "fields": {"allowed": [], "masked": {}, "denied": []}}
                    """);
            PolicyBundle second = PolicyBundle.build(root, PolicyBundle.defaultRoots());
            served.set(second);

            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            OpaClient.Evaluation<PolicyDecision> now;
            do {
                Thread.sleep(200);
                now = client.evaluateWithProvenance("purposegate/access/decision", Map.of(), PolicyDecision.class);
                String code = now.result().reasons().get(0).code();
                String revision = now.bundleRevisions().get("purposegate");
                // never a mix: the old rule with the new revision or the other way round
                assertThat(code.equals("v2")).isEqualTo(second.revision().equals(revision));
            } while (!"v2".equals(now.result().reasons().get(0).code()) && System.nanoTime() < deadline);
            assertThat(now.bundleRevisions()).containsEntry("purposegate", second.revision());
        } finally {
            pdp.stop(0);
        }
    }

    @Test
    void sameFilesGiveTheSameRevisionAndBytes() throws Exception {
        PolicyBundle a = PolicyBundle.build(POLICIES, PolicyBundle.defaultRoots());
        PolicyBundle b = PolicyBundle.build(POLICIES, PolicyBundle.defaultRoots());

        assertThat(a.revision()).isEqualTo(b.revision()).startsWith("sha256-");
        assertThat(a.archive()).isEqualTo(b.archive());
    }

    @Test
    void opaDownIsNoDecision() throws Exception {
        try (OpaClient client = new OpaClient(java.net.URI.create("http://127.0.0.1:" + RealOpa.freePort()), Duration.ofMillis(50))) {
            assertThatThrownBy(() -> client.evaluate("purposegate/access/decision", Map.of(), PolicyDecision.class))
                    .isInstanceOf(PolicyEngineUnavailableException.class);
        }
    }

    private static HttpServer bundleServer(AtomicReference<PolicyBundle> served, AtomicInteger notModified) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/bundle.tar.gz", exchange -> {
            PolicyBundle bundle = served.get();
            String etag = "\"" + bundle.revision() + "\"";
            exchange.getResponseHeaders().set("ETag", etag);
            if (etag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
                notModified.incrementAndGet();
                exchange.sendResponseHeaders(304, -1);
                exchange.close();
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "application/gzip");
            exchange.sendResponseHeaders(200, bundle.archive().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bundle.archive());
            }
        });
        server.start();
        return server;
    }
}
