package io.purposegate.keycloak.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The shipped default catalog: {@code policies/purposegate/catalog/data.json}, packed into this jar
 * unchanged, so a new realm starts with exactly the purposes the policies are written for.
 */
public final class DefaultCatalog {

    public static final String RESOURCE = "purposegate/default-catalog/data.json";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static volatile DefaultCatalog loaded;

    private final Notice notice;
    private final List<Purpose> purposes;

    private DefaultCatalog(Notice notice, List<Purpose> purposes) {
        this.notice = notice;
        this.purposes = List.copyOf(purposes);
    }

    public static DefaultCatalog get() {
        DefaultCatalog catalog = loaded;
        if (catalog == null) {
            try (InputStream in = DefaultCatalog.class.getClassLoader().getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(RESOURCE + " is missing from the providers jar");
                }
                catalog = parse(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + RESOURCE, e);
            }
            loaded = catalog;
        }
        return catalog;
    }

    static DefaultCatalog parse(InputStream in) throws IOException {
        File file = JSON.readValue(in, File.class);
        List<Purpose> purposes = new ArrayList<>();
        file.purposes.forEach((id, purpose) -> {
            purpose.id = id;
            purposes.add(purpose);
        });
        String version = file.notice == null ? null : file.notice.get("version");
        String url = file.notice == null ? null : file.notice.get("url");
        return new DefaultCatalog(new Notice(version, url, version), purposes);
    }

    public Notice notice() {
        return notice;
    }

    /** Fresh copies: callers may change them. */
    public List<Purpose> purposes() {
        List<Purpose> copies = new ArrayList<>();
        for (Purpose purpose : purposes) {
            copies.add(Catalogs.copy(purpose));
        }
        return copies;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    static final class File {
        @JsonProperty("notice")
        Map<String, String> notice;
        @JsonProperty("purposes")
        Map<String, Purpose> purposes = Map.of();
    }
}
