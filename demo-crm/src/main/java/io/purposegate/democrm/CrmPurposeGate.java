package io.purposegate.democrm;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import jakarta.ws.rs.ext.Provider;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.purposegate.democrm.customer.CustomerDirectory;
import io.purposegate.sdk.PdpClient;
import io.purposegate.sdk.PurposeGateFilter;

/** Wires the SDK's enforcement filter into this Quarkus application: where the PDP is, and who owns a record. */
@Provider
public class CrmPurposeGate extends PurposeGateFilter {

    CrmPurposeGate(@ConfigProperty(name = "purposegate.pdp.url") URI pdpUrl,
            @ConfigProperty(name = "purposegate.pdp.timeout") Duration timeout,
            CustomerDirectory customers) {
        super(new PdpClient(pdpUrl, timeout),
                (type, id) -> "customer".equals(type) ? customers.ownerOf(id) : Optional.empty());
    }
}
