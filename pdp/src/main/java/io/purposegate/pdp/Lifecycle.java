package io.purposegate.pdp;

import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import io.purposegate.pdp.consent.ConsentEventVerifier;
import io.purposegate.pdp.consent.ConsentRegistry;
import io.purposegate.pdp.consent.ConsentSource;
import io.purposegate.pdp.consent.KeycloakConsentSource;
import io.purposegate.pdp.log.CheckpointKey;
import io.purposegate.pdp.log.DecisionLog;
import io.purposegate.pdp.store.Database;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/** Builds the stateful parts from configuration and runs their background work: resync on start, log retention. */
@Singleton
public class Lifecycle {

    private static final Logger LOG = Logger.getLogger(Lifecycle.class);

    private final ScheduledExecutorService retention = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "decision-log-retention");
        thread.setDaemon(true);
        return thread;
    });

    @Produces
    @Singleton
    DecisionLog decisionLog(Database database, PdpConfig config, io.micrometer.core.instrument.MeterRegistry metrics) {
        PdpConfig.Log log = config.log();
        boolean journal = switch (log.writePath()) {
            case JOURNAL -> true;
            case DIRECT -> false;
            case AUTO -> !database.isPostgres();
        };
        if (!journal) {
            return new DecisionLog(database, log.maxBatch(), log.writeTimeout(), null, true, java.time.Duration.ZERO, metrics,
                    CheckpointKey.loadOrCreate(log.checkpointKeyFile()));
        }
        return new DecisionLog(database, log.maxBatch(), log.writeTimeout(), log.journalDir(), log.journalFsync(),
                log.indexInterval(), metrics, CheckpointKey.loadOrCreate(log.checkpointKeyFile()));
    }

    void closeLog(@Disposes DecisionLog log) {
        log.close();
    }

    @Produces
    @Singleton
    ConsentSource keycloakConsents(PdpConfig config) {
        PdpConfig.Consent consent = config.consent();
        return new KeycloakConsentSource(consent.adminUrl(), consent.tokenUrl(), consent.clientId(), consent.clientSecret());
    }

    @Produces
    @Singleton
    ConsentRegistry consentRegistry(Database database, ConsentSource keycloak, PdpConfig config) {
        PdpConfig.Consent consent = config.consent();
        return new ConsentRegistry(database, keycloak, consent.fetchUnknown(), consent.fetchTimeout(), consent.unknownTtl(),
                new io.purposegate.pdp.consent.ConsentChanges(consent.changeRingSize()));
    }

    void closeRegistry(@Disposes ConsentRegistry registry) {
        registry.close();
    }

    @Produces
    @Singleton
    ConsentEventVerifier consentEventVerifier(PdpConfig config, JWKSource<SecurityContext> realmKeys) {
        return new ConsentEventVerifier(config.consent().issuer(), config.consent().audience(), realmKeys,
                config.token().clockSkew().toSeconds());
    }

    void onStart(@Observes StartupEvent start, PdpConfig config, ConsentRegistry registry, DecisionLog log,
            io.micrometer.core.instrument.MeterRegistry metrics) {
        io.purposegate.pdp.consent.ConsentEventResource.lagTimer(metrics);
        if (config.consent().resyncOnStart()) {
            registry.resyncInBackground();
        }
        retention.scheduleWithFixedDelay(() -> {
            try {
                int deleted = log.deleteBefore(Instant.now().minus(config.log().retention()));
                if (deleted > 0) {
                    LOG.infof("decision log retention: %d entries older than %s deleted", deleted, config.log().retention());
                }
            } catch (Exception e) {
                LOG.warnf("decision log retention failed: %s", e.getMessage());
            }
        }, 1, 60, TimeUnit.MINUTES);
        long checkpointMillis = Math.max(1_000L, config.log().checkpointInterval().toMillis());
        retention.scheduleWithFixedDelay(() -> {
            try {
                log.signCheckpoint();
            } catch (Exception e) {
                LOG.warnf("decision log checkpoint failed: %s", e.getClass().getSimpleName());
            }
        }, checkpointMillis, checkpointMillis, TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent stop) {
        retention.shutdownNow();
    }
}
