package io.purposegate.democrm;

import java.net.URI;
import java.time.Duration;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.ext.Provider;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.purposegate.sdk.PdpClient;
import io.purposegate.sdk.PurposeGateFilter;

/**
 * Wires the SDK's enforcement filter into this Quarkus application: where the PDP is, and whose
 * record is what ({@link CrmDataSubjects}). With {@code purposegate.enforcement.enabled=false}
 * (benchmark baseline only) it returns at once and enforces nothing.
 */
@Provider
public class CrmPurposeGate extends PurposeGateFilter {

    private final boolean enforcing;

    CrmPurposeGate(@ConfigProperty(name = "purposegate.pdp.url") URI pdpUrl,
            @ConfigProperty(name = "purposegate.pdp.timeout") Duration timeout,
            CrmDataSubjects dataSubjects, EnforcementSwitch enforcement) {
        super(new PdpClient(pdpUrl, timeout), dataSubjects);
        this.enforcing = enforcement.enabled();
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (enforcing) {
            super.filter(request);
        }
    }
}
