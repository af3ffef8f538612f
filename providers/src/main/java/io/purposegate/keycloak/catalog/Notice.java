package io.purposegate.keycloak.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The realm's current privacy notice. {@code materialVersion} is the last version whose change
 * was material: users who last decided under an older material version must decide again.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Notice(
        @JsonProperty("version") String version,
        @JsonProperty("url") String url,
        @JsonProperty("material_version") String materialVersion) {
}
