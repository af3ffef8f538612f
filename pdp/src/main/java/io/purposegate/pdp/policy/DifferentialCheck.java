package io.purposegate.pdp.policy;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The differential check: OPA, the reference, evaluates a sample of the inputs the compiled policy decided, and
 * any difference in the decision (allow, reasons, fields, review) is a metric ({@code purposegate_policy_differences_total})
 * and a log line naming the decision and the members that differ, never the input (it holds personal data).
 *
 * <p>Off the request path: sampled inputs wait in a bounded queue for one background thread; when the queue is full
 * the sample is dropped and counted, never waited for. A comparison counts only when OPA answered with the same
 * bundle revision the compiled policy used; otherwise (OPA has not polled the new revision yet) it is skipped.
 */
public class DifferentialCheck implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DifferentialCheck.class);

    private final OpaClient reference;
    private final String bundleName;
    private final double sampleRate;
    private final ThreadPoolExecutor worker;
    private final Counter compared;
    private final Counter differences;
    private final Counter skipped;
    private final Counter dropped;
    private final Counter failed;
    private final Counter sampled;

    public DifferentialCheck(OpaClient reference, String bundleName, double sampleRate, int queueSize, MeterRegistry metrics) {
        this.reference = reference;
        this.bundleName = bundleName;
        this.sampleRate = Math.max(0, Math.min(1, sampleRate));
        this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(Math.max(1, queueSize)),
                runnable -> {
                    Thread thread = new Thread(runnable, "policy-differential-check");
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.AbortPolicy());
        this.compared = metrics.counter("purposegate.policy.differential", "result", "same");
        this.differences = metrics.counter("purposegate.policy.differences");
        this.skipped = metrics.counter("purposegate.policy.differential", "result", "other_revision");
        this.dropped = metrics.counter("purposegate.policy.differential", "result", "dropped");
        this.failed = metrics.counter("purposegate.policy.differential", "result", "reference_unavailable");
        this.sampled = metrics.counter("purposegate.policy.differential.sampled");
        io.micrometer.core.instrument.Gauge.builder("purposegate.policy.differential.pending", worker,
                w -> w.getQueue().size() + w.getActiveCount())
                .description("sampled decisions waiting for OPA's answer").register(metrics);
    }

    /**
     * Offers one evaluation for comparison (sampled). {@code label} names it in a log line (decision ids, never input).
     *
     * @param result what the compiled policy answered for the document at {@code path}
     */
    public void offer(String path, Object input, JsonNode result, String revision, String label) {
        if (sampleRate <= 0 || (sampleRate < 1 && ThreadLocalRandom.current().nextDouble() >= sampleRate)) {
            return;
        }
        sampled.increment();
        try {
            worker.execute(() -> compare(path, input, result, revision, label));
        } catch (java.util.concurrent.RejectedExecutionException full) {
            dropped.increment();
        }
    }

    private void compare(String path, Object input, JsonNode result, String revision, String label) {
        OpaClient.Evaluation<JsonNode> expected;
        try {
            expected = reference.evaluateWithProvenance(path, input, JsonNode.class);
        } catch (PolicyEngineUnavailableException e) {
            failed.increment();
            return;
        }
        String referenceRevision = expected.bundleRevisions().get(bundleName);
        if (revision == null || !revision.equals(referenceRevision)) {
            skipped.increment();
            return;
        }
        List<String> members = differingMembers(expected.result(), result);
        if (members.isEmpty()) {
            compared.increment();
        } else {
            differences.increment();
            LOG.errorf("policy difference: the compiled policy and OPA (revision %s) decided %s differently in %s",
                    revision, label, members);
        }
    }

    /**
     * The members in which two answers differ: for a decision its top-level members ({@code allow}, {@code reasons},
     * {@code fields}, ...); for a batch {@code [i].member}.
     */
    static List<String> differingMembers(JsonNode expected, JsonNode actual) {
        List<String> members = new ArrayList<>();
        if (expected == null || actual == null) {
            if (expected != actual) {
                members.add(expected == null ? "(undefined in OPA)" : "(undefined in the compiled policy)");
            }
            return members;
        }
        if (expected.isArray() && actual.isArray()) {
            if (expected.size() != actual.size()) {
                members.add("(length)");
                return members;
            }
            for (int i = 0; i < expected.size(); i++) {
                for (String member : differingMembers(expected.get(i), actual.get(i))) {
                    members.add("[" + i + "]." + member);
                }
            }
            return members;
        }
        if (expected.isObject() && actual.isObject()) {
            java.util.Set<String> names = new java.util.TreeSet<>();
            expected.fieldNames().forEachRemaining(names::add);
            actual.fieldNames().forEachRemaining(names::add);
            for (Iterator<String> it = names.iterator(); it.hasNext();) {
                String name = it.next();
                if (!java.util.Objects.equals(expected.get(name), actual.get(name))) {
                    members.add(name);
                }
            }
            return members;
        }
        if (!expected.equals(actual)) {
            members.add("(value)");
        }
        return members;
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
