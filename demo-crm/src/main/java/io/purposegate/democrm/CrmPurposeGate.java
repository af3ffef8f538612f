package io.purposegate.democrm;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.ext.Provider;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.purposegate.sdk.PurposeCatalog;
import io.purposegate.sdk.PurposeGateConfig;
import io.purposegate.sdk.PurposeGateFilter;

/**
 * Wires the SDK's enforcement filter (request and response) into this Quarkus application: where the
 * PDP is, whose record is what and from when its retention runs ({@link CrmDataSubjects}), the purpose catalog, the hash mask's key and
 * the application's ObjectMapper. With {@code purposegate.enforcement.enabled=false} (the benchmark's
 * baseline only) both filter methods return at once and nothing is enforced.
 */
@Provider
public class CrmPurposeGate extends PurposeGateFilter {

    private final boolean enforcing;

    CrmPurposeGate(@ConfigProperty(name = "purposegate.pdp.url") URI pdpUrl,
            @ConfigProperty(name = "purposegate.pdp.timeout") Duration timeout,
            @ConfigProperty(name = "purposegate.pdp.batch-size", defaultValue = "100") int batchSize,
            @ConfigProperty(name = "purposegate.purposes.realm-url") Optional<URI> catalogRealm,
            @ConfigProperty(name = "purposegate.purposes.refresh", defaultValue = "1m") Duration catalogRefresh,
            @ConfigProperty(name = "purposegate.hash-key") Optional<String> hashKey,
            CrmDataSubjects dataSubjects, ObjectMapper objectMapper, EnforcementSwitch enforcement) {
        super(PurposeGateConfig.builder()
                .pdpUrl(pdpUrl)
                .timeout(timeout)
                .batchSize(batchSize)
                .dataSubjects(dataSubjects)
                .retentionAnchors(dataSubjects)
                .ownedRecords(dataSubjects)
                .purposes(catalogRealm.<PurposeCatalog>map(realm -> PurposeCatalog.keycloak(realm, catalogRefresh))
                        .orElse(PurposeCatalog.UNCHECKED))
                .hashKey(hashKey.orElse(null))
                .objectMapper(objectMapper)
                .build());
        this.enforcing = enforcement.enabled();
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (enforcing) {
            super.filter(request);
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (enforcing) {
            super.filter(request, response);
        }
    }
}
