package io.purposegate.democrm.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.purposegate.democrm.store.CrmDatabase;

/** Ready only while the customer database answers. */
@Readiness
@ApplicationScoped
public class StoreReadiness implements HealthCheck {

    private final CrmDatabase database;

    StoreReadiness(CrmDatabase database) {
        this.database = database;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("customer-store").status(database.answers()).build();
    }
}
