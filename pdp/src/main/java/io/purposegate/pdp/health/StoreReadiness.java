package io.purposegate.pdp.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.purposegate.pdp.consent.ConsentRegistry;
import io.purposegate.pdp.store.Database;

/**
 * Not ready while the database does not answer: no decision could be logged. Reports the consent
 * registry's size and last full resync as data; a resync still pending does not make the PDP unready
 * (the registry's durable state from before is current up to the events it received).
 */
@Readiness
@ApplicationScoped
public class StoreReadiness implements HealthCheck {

    private final Database database;
    private final ConsentRegistry registry;

    StoreReadiness(Database database, ConsentRegistry registry) {
        this.database = database;
        this.registry = registry;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder check = HealthCheckResponse.named("store").status(database.answers())
                .withData("subjects", registry.size());
        registry.lastFullResync().ifPresent(time -> check.withData("consent_resynced_at", time.toString()));
        return check.build();
    }
}
