package io.purposegate.pdp.policy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.purposegate.pdp.PdpConfig;
import io.purposegate.pdp.policy.wasm.CompiledPolicy;
import io.purposegate.pdp.policy.wasm.PolicyCompiler;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Keeps the compiled policy in step with the policy directory: compiles it with OPA at start-up and whenever a
 * file changes (checked every {@code purposegate.policy.watch-interval}), and loads the result into the
 * {@link CompiledPolicy} (a new set of warmed instances for new Rego, the warm ones for new data alone). A change
 * that fails to compile or load leaves the serving policy as it is, and is logged and counted.
 */
@Singleton
public class PolicyLoader {

    private static final Logger LOG = Logger.getLogger(PolicyLoader.class);

    private final PolicyEngine engine;
    private final Path policiesDir;
    private final PolicyCompiler compiler;
    private final long intervalMillis;
    private final Counter failures;
    private final ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "policy-loader");
        thread.setDaemon(true);
        return thread;
    });
    private String loadedFingerprint;
    private String failedFingerprint;
    private volatile boolean firstLoadFailed;

    PolicyLoader(PolicyEngine engine, PdpConfig config, MeterRegistry metrics) {
        this.engine = engine;
        this.policiesDir = config.bundle().policiesDir();
        this.compiler = new PolicyCompiler(Path.of(config.policy().opaBinary()),
                List.of(config.opa().decisionPath(), config.opa().batchPath()), config.policy().compileTimeout());
        this.intervalMillis = Math.max(100, config.policy().watchInterval().toMillis());
        this.failures = metrics.counter("purposegate.policy.load.failures");
    }

    void onStart(@Observes StartupEvent start) {
        if (engine.compiled() == null) {
            return;
        }
        watcher.scheduleWithFixedDelay(this::loadIfChanged, 0, intervalMillis, TimeUnit.MILLISECONDS);
    }

    /** Compiles and loads the directory when its files changed since the last successful load. */
    synchronized void loadIfChanged() {
        try {
            String fingerprint = PolicyBundle.fingerprint(policiesDir);
            if (fingerprint.equals(loadedFingerprint) || fingerprint.equals(failedFingerprint)) {
                return; // unchanged, or the same files already failed (logged once)
            }
            long started = System.nanoTime();
            PolicyCompiler.Compiled compiled = compiler.compile(policiesDir);
            boolean rebuilt = engine.compiled().load(compiled.wasm());
            loadedFingerprint = fingerprint;
            failedFingerprint = null;
            LOG.infof("policy revision %s (data %s) active in-process: %s in %d ms", compiled.wasm().revision(),
                    compiled.wasm().dataVersion(), rebuilt ? "new instances" : "data only", (System.nanoTime() - started) / 1_000_000);
        } catch (IOException | PolicyEngineUnavailableException | RuntimeException e) {
            failures.increment();
            if (loadedFingerprint == null) {
                firstLoadFailed = true;
            }
            try {
                failedFingerprint = PolicyBundle.fingerprint(policiesDir);
            } catch (IOException unreadable) {
                failedFingerprint = null;
            }
            LOG.errorf("the policy in %s could not be compiled and loaded; the serving policy stays: %s", policiesDir, e.getMessage());
        }
    }

    /** True when the policy was never loaded because its first compilation or load failed. */
    public boolean firstLoadFailed() {
        return firstLoadFailed && !engine.compiled().ready();
    }

    void onStop(@Observes ShutdownEvent stop) {
        watcher.shutdownNow();
    }
}
