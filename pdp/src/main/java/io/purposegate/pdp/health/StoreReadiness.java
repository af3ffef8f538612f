package io.purposegate.pdp.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.purposegate.pdp.PdpConfig;
import io.purposegate.pdp.consent.ConsentRegistry;
import io.purposegate.pdp.store.Database;

/**
 * Not ready while the database does not answer: no decision could be logged. Reports the consent
 * registry's size and last full resync as data. A resync still pending does not make the PDP unready
 * when the registry holds subjects (its durable state from before is current up to the events it
 * received); an empty registry waiting for its first resync does: it would treat every data subject
 * as unknown, so consent-based purposes would be denied and opt-out jurisdictions unknown.
 */
@Readiness
@ApplicationScoped
public class StoreReadiness implements HealthCheck {

    private final Database database;
    private final ConsentRegistry registry;

    private final boolean resyncOnStart;

    @jakarta.inject.Inject
    StoreReadiness(Database database, ConsentRegistry registry, PdpConfig config) {
        this(database, registry, config.consent().resyncOnStart());
    }

    StoreReadiness(Database database, ConsentRegistry registry, boolean resyncOnStart) {
        this.database = database;
        this.registry = registry;
        this.resyncOnStart = resyncOnStart;
    }

    @Override
    public HealthCheckResponse call() {
        int subjects = registry.size();
        boolean waitingForFirstResync = resyncOnStart && subjects == 0 && registry.lastFullResync().isEmpty();
        HealthCheckResponseBuilder check = HealthCheckResponse.named("store")
                .status(database.answers() && !waitingForFirstResync)
                .withData("subjects", subjects);
        if (waitingForFirstResync) {
            check.withData("consent_registry", "empty: waiting for the first resync from Keycloak");
        }
        registry.lastFullResync().ifPresent(time -> check.withData("consent_resynced_at", time.toString()));
        return check.build();
    }
}
