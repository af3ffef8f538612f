package io.purposegate.democrm.web;

import java.util.Map;
import java.util.Optional;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Where the web page ({@code /index.html}) signs customers in: the realm and the public client. Not
 * personal data; the page reads it before anything else.
 */
@Path("/page-config")
public class PageConfigResource {

    private final Map<String, String> config;

    PageConfigResource(@ConfigProperty(name = "crm.page.realm-url") Optional<String> pageRealm,
            @ConfigProperty(name = "purposegate.purposes.realm-url") Optional<String> catalogRealm,
            @ConfigProperty(name = "crm.page.client-id", defaultValue = "crm-web") String clientId) {
        String realm = pageRealm.or(() -> catalogRealm).orElse("");
        this.config = Map.of("realm", realm.endsWith("/") ? realm.substring(0, realm.length() - 1) : realm,
                "client_id", clientId);
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, String> config() {
        return config;
    }
}
