package io.purposegate.democrm;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;

/**
 * {@code purposegate.enforcement.enabled} (default true). Off, demo-crm enforces nothing: every
 * record leaves unfiltered. It exists for one thing only, the SDK benchmark's "without the SDK"
 * baseline, and says so loudly at startup.
 */
@ApplicationScoped
public class EnforcementSwitch {

    private static final Logger LOG = Logger.getLogger(EnforcementSwitch.class);

    private final boolean enabled;

    EnforcementSwitch(@ConfigProperty(name = "purposegate.enforcement.enabled", defaultValue = "true") boolean enabled) {
        this.enabled = enabled;
    }

    public boolean enabled() {
        return enabled;
    }

    void onStart(@Observes StartupEvent start) {
        if (!enabled) {
            LOG.warn("!!! purposegate.enforcement.enabled=false: PURPOSE ENFORCEMENT IS OFF. demo-crm asks no PDP and"
                    + " returns every record unfiltered to anyone. This setting exists for the SDK benchmark's baseline"
                    + " only; never run it with real data. !!!");
        }
    }
}
