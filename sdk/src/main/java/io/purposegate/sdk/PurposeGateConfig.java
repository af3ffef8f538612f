package io.purposegate.sdk;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Everything {@link PurposeGateFilter} needs, built in a few lines:
 *
 * <pre>{@code
 * PurposeGateConfig.builder()
 *     .pdpUrl(URI.create("http://127.0.0.1:8280"))
 *     .timeout(Duration.ofMillis(500))
 *     .dataSubjects(customers::ownerOf)
 *     .retentionAnchors(customers::lastActivityOf)
 *     .ownedRecords(customers::ownerAndLastActivityOf)     // optional: both in one query
 *     .purposes(PurposeCatalog.keycloak(URI.create("http://127.0.0.1:8080/realms/demo"), Duration.ofMinutes(1)))
 *     .hashKey(System.getenv("PURPOSEGATE_HASH_KEY"))
 *     .build();
 * }</pre>
 *
 * Immutable once built; one instance serves every request.
 */
public final class PurposeGateConfig {

    /** Budget of one PDP call when none is set. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(500);
    /** Resources per batch call when none is set: the PDP's own limit. */
    public static final int DEFAULT_BATCH_SIZE = 100;

    private final PdpClient pdp;
    private final DataSubjects dataSubjects;
    private final int batchSize;
    private final PurposeCatalog purposes;
    private final byte[] hashKey;
    private final ObjectMapper objectMapper;
    private final DecisionCache decisionCache;
    private final RetentionAnchors retentionAnchors;
    private final OwnedRecords ownedRecords;

    private PurposeGateConfig(Builder builder) {
        this.pdp = builder.pdp != null ? builder.pdp
                : new PdpClient(Objects.requireNonNull(builder.pdpUrl, "pdpUrl or pdp is required"), builder.timeout);
        this.dataSubjects = Objects.requireNonNull(builder.dataSubjects, "dataSubjects is required");
        this.batchSize = builder.batchSize;
        this.purposes = builder.purposes;
        this.hashKey = builder.hashKey;
        this.objectMapper = builder.objectMapper;
        this.decisionCache = builder.decisionCache;
        this.retentionAnchors = builder.retentionAnchors;
        this.ownedRecords = builder.ownedRecords != null ? builder.ownedRecords
                : OwnedRecords.of(dataSubjects, retentionAnchors);
    }

    public static Builder builder() {
        return new Builder();
    }

    public PdpClient pdp() {
        return pdp;
    }

    public DataSubjects dataSubjects() {
        return dataSubjects;
    }

    public int batchSize() {
        return batchSize;
    }

    public PurposeCatalog purposes() {
        return purposes;
    }

    /** @return a copy of the {@code hash} mask's key, or null when none is set */
    public byte[] hashKey() {
        return hashKey == null ? null : hashKey.clone();
    }

    /** @return the ObjectMapper given to the builder, or null (then the application's or the SDK's is used) */
    public ObjectMapper objectMapper() {
        return objectMapper;
    }

    /** @return the decision cache, or null when there is none (the default) */
    public DecisionCache decisionCache() {
        return decisionCache;
    }

    /** @return where the retention periods of records run from ({@link RetentionAnchors#NONE} by default) */
    public RetentionAnchors retentionAnchors() {
        return retentionAnchors;
    }

    /**
     * @return owner and retention anchor of one record in one look-up: the one given to the builder, else
     *         {@link DataSubjects#ownerOf} then {@link RetentionAnchors#anchorOf}
     */
    public OwnedRecords ownedRecords() {
        return ownedRecords;
    }

    public static final class Builder {

        private URI pdpUrl;
        private Duration timeout = DEFAULT_TIMEOUT;
        private PdpClient pdp;
        private DataSubjects dataSubjects;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private PurposeCatalog purposes = PurposeCatalog.UNCHECKED;
        private byte[] hashKey;
        private ObjectMapper objectMapper;
        private DecisionCache decisionCache;
        private RetentionAnchors retentionAnchors = RetentionAnchors.NONE;
        private OwnedRecords ownedRecords;

        private Builder() {
        }

        /** Base URL of the PDP, for example {@code http://127.0.0.1:8280}. Required unless {@link #pdp} is given. */
        public Builder pdpUrl(URI pdpUrl) {
            this.pdpUrl = pdpUrl;
            return this;
        }

        /** Budget of one PDP call, connect included (default 500 ms); past it no decision, access denied. */
        public Builder timeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive");
            }
            this.timeout = timeout;
            return this;
        }

        /** A PDP client of the application's making, in place of {@link #pdpUrl} and {@link #timeout}. */
        public Builder pdp(PdpClient pdp) {
            this.pdp = pdp;
            return this;
        }

        /** Who owns a record (required). */
        public Builder dataSubjects(DataSubjects dataSubjects) {
            this.dataSubjects = dataSubjects;
            return this;
        }

        /** Most resources per {@code POST /v1/decisions/batch} call (default 100, the PDP's limit). */
        public Builder batchSize(int batchSize) {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batchSize must be at least 1");
            }
            this.batchSize = batchSize;
            return this;
        }

        /** Purposes checked before the PDP is asked (default {@link PurposeCatalog#UNCHECKED}). */
        public Builder purposes(PurposeCatalog purposes) {
            this.purposes = purposes == null ? PurposeCatalog.UNCHECKED : purposes;
            return this;
        }

        /** Key of the {@code hash} mask (HMAC-SHA256). Without one, fields the PDP masks by hash are removed. */
        public Builder hashKey(byte[] hashKey) {
            this.hashKey = hashKey == null || hashKey.length == 0 ? null : hashKey.clone();
            return this;
        }

        /** Key of the {@code hash} mask, as UTF-8 text; null or empty means none. */
        public Builder hashKey(String hashKey) {
            return hashKey(hashKey == null ? null : hashKey.getBytes(StandardCharsets.UTF_8));
        }

        /**
         * The ObjectMapper that turns entities into JSON (Quarkus: inject the application's). Without
         * one, the application's {@code ContextResolver<ObjectMapper>} is used when it has one, else
         * the SDK's own ({@code findAndRegisterModules()}, dates as ISO strings).
         */
        public Builder objectMapper(ObjectMapper objectMapper) {
            this.objectMapper = objectMapper;
            return this;
        }

        /**
         * Caches allowing decisions (off by default). The cache serves only while a {@link ConsentFeed}
         * for it runs; see {@link DecisionCache} for what is cached and for how long.
         */
        public Builder decisionCache(DecisionCache decisionCache) {
            this.decisionCache = decisionCache;
            return this;
        }

        /**
         * From when each record's retention period runs, sent to the PDP as {@code resource.retention_from}
         * (default {@link RetentionAnchors#NONE}: nothing is sent and the policy cannot check retention).
         */
        public Builder retentionAnchors(RetentionAnchors retentionAnchors) {
            this.retentionAnchors = retentionAnchors == null ? RetentionAnchors.NONE : retentionAnchors;
            return this;
        }

        /**
         * The owner and retention anchor of a single record in one look-up (one query), in place of
         * {@code dataSubjects.ownerOf} then {@code retentionAnchors.anchorOf} for single-record methods.
         * {@link #dataSubjects} stays required (lists, {@code CALLER} methods); null: the two look-ups.
         */
        public Builder ownedRecords(OwnedRecords ownedRecords) {
            this.ownedRecords = ownedRecords;
            return this;
        }

        public PurposeGateConfig build() {
            return new PurposeGateConfig(this);
        }

        /** {@code new PurposeGateFilter(build())}: for {@code register(...)} in a Jersey application. */
        public PurposeGateFilter filter() {
            return new PurposeGateFilter(build());
        }
    }
}
