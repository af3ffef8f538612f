package io.purposegate.pdp.policy.wasm;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.jboss.logging.Logger;

import io.purposegate.pdp.policy.PolicyEngineUnavailableException;
import io.purposegate.pdp.policy.PolicyOverloadedException;

/**
 * The compiled policy, evaluated in-process by a pool of warmed instances behind admission control.
 *
 * <ul>
 * <li><b>Pool.</b> A fixed number of instances, each owned by one evaluation at a time and never shared (an instance
 * is not thread-safe). An instance keeps its data between evaluations; one that throws is discarded and replaced
 * in the background by a new, warmed one.</li>
 * <li><b>Admission.</b> An evaluation waits for a free instance in a fair (first come, first served) queue up to the
 * admission deadline; past it, or with more than {@code maxWaiting} already waiting, it is shed
 * ({@link PolicyOverloadedException}). An evaluation that has an instance is never timed out.</li>
 * <li><b>A new module</b> (the Rego changed) gets a new set of instances, built and warmed beside the serving set
 * and swapped in at once; evaluations already waiting on the old set finish on it.</li>
 * <li><b>New data alone</b> goes to the warm instances: each loads it before its next evaluation, so every
 * evaluation sees exactly one data version and names it.</li>
 * </ul>
 */
public final class CompiledPolicy implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(CompiledPolicy.class);

    /** The settings of the pool and its admission control. */
    public record Settings(int instances, int warmupEvaluations, int maxMemoryPages, Duration queueTimeout, int maxWaiting) {
    }

    /** One evaluation's result set (JSON text) and what made it. */
    public record Evaluation(String resultSet, String revision, String dataVersion) {
    }

    /** The data an evaluation uses: its bytes, digest and the source revision they belong to. */
    private record Data(String revision, byte[] bytes, String version) {
    }

    /** A set of instances of one module. */
    private static final class Generation {
        final String moduleDigest;
        final byte[] module;
        final Map<String, Integer> entrypoints;
        final ArrayBlockingQueue<PolicyInstance> idle;
        final Semaphore free;
        volatile Data data;

        Generation(String moduleDigest, byte[] module, Map<String, Integer> entrypoints, int size, Data data) {
            this.moduleDigest = moduleDigest;
            this.module = module;
            this.entrypoints = entrypoints;
            this.idle = new ArrayBlockingQueue<>(size);
            this.free = new Semaphore(0, true);
            this.data = data;
        }
    }

    private final Settings settings;
    private final List<byte[]> warmupInputs;
    private final String warmupEntrypoint;
    private final AtomicReference<Generation> current = new AtomicReference<>();
    private final AtomicInteger waiting = new AtomicInteger();
    private final ExecutorService builders;
    private final Runnable onShed;

    /**
     * @param warmupInputs inputs (JSON) every new instance evaluates, in turn, {@code warmupEvaluations} times
     * @param onShed called for every evaluation shed by admission control (a metric)
     */
    public CompiledPolicy(Settings settings, String warmupEntrypoint, List<byte[]> warmupInputs, Runnable onShed) {
        if (settings.instances() < 1) {
            throw new IllegalArgumentException("the policy pool needs at least one instance");
        }
        this.settings = settings;
        this.warmupEntrypoint = warmupEntrypoint;
        this.warmupInputs = List.copyOf(warmupInputs);
        this.onShed = onShed;
        this.builders = Executors.newFixedThreadPool(Math.max(1, Math.min(settings.instances(),
                Runtime.getRuntime().availableProcessors())), runnable -> {
                    Thread thread = new Thread(runnable, "policy-instance-builder");
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /** True once a warmed set of instances serves evaluations. */
    public boolean ready() {
        return current.get() != null;
    }

    /** The revision and data version evaluations use now, or null before the first load. */
    public String revision() {
        Generation generation = current.get();
        return generation == null ? null : generation.data.revision();
    }

    public String dataVersion() {
        Generation generation = current.get();
        return generation == null ? null : generation.data.version();
    }

    /** Instances waiting for an evaluation right now (for the gauge). */
    public int idleInstances() {
        Generation generation = current.get();
        return generation == null ? 0 : generation.idle.size();
    }

    /** Evaluations waiting for an instance right now (for the gauge). */
    public int waiting() {
        return waiting.get();
    }

    /**
     * Makes {@code bundle} the policy evaluations use. The same module with other data: the data goes to the warm
     * instances. A new module: a new set is built and warmed (this call blocks meanwhile), then swapped in.
     *
     * @return true when new instances were built, false for a data-only change (or no change at all)
     */
    public synchronized boolean load(WasmBundle bundle) throws PolicyEngineUnavailableException {
        Data data = new Data(bundle.revision(), bundle.data(), bundle.dataVersion());
        Generation serving = current.get();
        if (serving != null && serving.moduleDigest.equals(bundle.moduleDigest())) {
            serving.data = data;
            return false;
        }
        long started = System.nanoTime();
        Generation next;
        try {
            PolicyInstance first = warmed(bundle.module(), data);
            next = new Generation(bundle.moduleDigest(), bundle.module(), first.entrypoints(), settings.instances(), data);
            List<Future<PolicyInstance>> rest = new java.util.ArrayList<>();
            for (int i = 1; i < settings.instances(); i++) {
                rest.add(builders.submit(() -> warmed(bundle.module(), data)));
            }
            next.idle.add(first);
            for (Future<PolicyInstance> instance : rest) {
                next.idle.add(instance.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PolicyEngineUnavailableException("interrupted while building the policy's instances", e);
        } catch (RuntimeException | java.util.concurrent.ExecutionException e) {
            throw new PolicyEngineUnavailableException("the compiled policy could not be instantiated: "
                    + (e.getCause() != null ? e.getCause() : e), e);
        }
        next.free.release(next.idle.size());
        current.set(next);
        LOG.infof("policy %s (module %s, data %s): %d instances built and warmed in %d ms", bundle.revision(),
                bundle.moduleDigest(), bundle.dataVersion(), next.idle.size(), (System.nanoTime() - started) / 1_000_000);
        return true;
    }

    /** Evaluates {@code entrypoint} for {@code input} (JSON text) on a free instance. */
    public Evaluation evaluate(String entrypoint, byte[] input) throws PolicyOverloadedException, PolicyEngineUnavailableException {
        Generation generation = current.get();
        if (generation == null) {
            throw new PolicyEngineUnavailableException("the compiled policy is not loaded yet");
        }
        Integer id = generation.entrypoints.get(entrypoint);
        if (id == null) {
            throw new PolicyEngineUnavailableException("the compiled policy has no entrypoint " + entrypoint);
        }
        PolicyInstance instance = admit(generation);
        Data data = generation.data;
        try {
            if (!data.version().equals(instance.dataVersion())) {
                instance.data(data.bytes(), data.version());
            }
            String result = instance.evaluate(id, input);
            generation.idle.add(instance);
            generation.free.release();
            return new Evaluation(result, data.revision(), data.version());
        } catch (RuntimeException | StackOverflowError e) {
            LOG.warnf("a policy instance failed (%s); it is discarded and replaced", e.getClass().getSimpleName());
            replace(generation);
            throw new PolicyEngineUnavailableException("the compiled policy failed to evaluate: " + e.getClass().getSimpleName(), e);
        }
    }

    private PolicyInstance admit(Generation generation) throws PolicyOverloadedException {
        if (waiting.incrementAndGet() > settings.maxWaiting()) {
            waiting.decrementAndGet();
            onShed.run();
            throw new PolicyOverloadedException("more than " + settings.maxWaiting() + " decisions are waiting", retryAfter());
        }
        boolean admitted;
        try {
            admitted = generation.free.tryAcquire(settings.queueTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            admitted = false;
        } finally {
            waiting.decrementAndGet();
        }
        if (!admitted) {
            onShed.run();
            throw new PolicyOverloadedException("no evaluation slot was free within " + settings.queueTimeout(), retryAfter());
        }
        PolicyInstance instance = generation.idle.poll();
        if (instance == null) {
            generation.free.release();
            throw new IllegalStateException("an admitted evaluation found no idle instance");
        }
        return instance;
    }

    private Duration retryAfter() {
        return Duration.ofSeconds(Math.max(1, (settings.queueTimeout().toMillis() + 999) / 1000));
    }

    /** Builds and warms a replacement for a discarded instance; its slot is freed once it is ready. */
    private void replace(Generation generation) {
        builders.submit(() -> {
            try {
                PolicyInstance fresh = warmed(generation.module, generation.data);
                generation.idle.add(fresh);
                generation.free.release();
            } catch (RuntimeException e) {
                LOG.errorf("a replacement policy instance could not be built: %s", e.getMessage());
            }
        });
    }

    private PolicyInstance warmed(byte[] module, Data data) {
        PolicyInstance instance = PolicyInstance.create(module, data.bytes(), data.version(), settings.maxMemoryPages());
        if (!warmupInputs.isEmpty() && settings.warmupEvaluations() > 0) {
            int id = instance.entrypoint(warmupEntrypoint);
            for (int i = 0; i < settings.warmupEvaluations(); i++) {
                instance.evaluate(id, warmupInputs.get(i % warmupInputs.size()));
            }
        }
        return instance;
    }

    @Override
    public void close() {
        builders.shutdownNow();
    }
}
