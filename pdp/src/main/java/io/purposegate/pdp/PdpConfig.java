package io.purposegate.pdp;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The PDP's own settings; documented in docs/pdp.md. */
@ConfigMapping(prefix = "purposegate")
public interface PdpConfig {

    Token token();

    Opa opa();

    Bundle bundle();

    Policy policy();

    Admission admission();

    Store store();

    Log log();

    Consent consent();

    Http http();

    Decisions decisions();

    interface Decisions {
        /** Most resources one {@code POST /v1/decisions/batch} may ask about. */
        @WithDefault("100")
        int batchMax();
    }

    interface Http {
        /**
         * Largest request body (of {@code POST /v1/decisions} and every other endpoint but the batch): larger announced
         * bodies are refused with 400 before they are read, chunked ones once this many bytes have been read.
         */
        @WithDefault("64K")
        io.quarkus.runtime.configuration.MemorySize maxBodySize();

        /** Largest body of {@code POST /v1/decisions/batch}, announced or chunked alike. */
        @WithDefault("1M")
        io.quarkus.runtime.configuration.MemorySize maxBatchBodySize();
    }

    interface Token {
        /** Exact {@code iss} every accepted token carries: the Keycloak realm URL. */
        String issuer();

        /** Where the realm's signing keys are published. */
        URI jwksUrl();

        /** JWS algorithms accepted; never {@code none} or an HMAC algorithm. */
        Set<String> algorithms();

        /** Tolerance for {@code exp}, {@code nbf} and {@code iat} between the PDP's and Keycloak's clocks. */
        Duration clockSkew();

        /** When set, an access token's {@code aud} must name one of these. */
        Optional<Set<String>> audiences();

        /** How long fetched keys are used before they expire (refreshed ahead in the background). */
        @WithDefault("15m")
        Duration jwksCacheLifespan();

        /**
         * At most one JWKS refetch per this interval, whatever unknown {@code kid}s callers send; a kid still unknown
         * (or while the refetch is not due) is an invalid token. The cache's refresh-ahead is not counted.
         */
        @WithDefault("30s")
        Duration jwksMinRefreshInterval();

        /** How long the last keys stay usable while Keycloak's JWKS cannot be fetched. */
        @WithDefault("4h")
        Duration jwksOutageTolerance();

        /** Most tokens kept as verified, so a caller's repeated token is not verified again (0: no cache). */
        @WithDefault("10000")
        int cacheSize();

        /**
         * Longest time a token stays in that cache (never past its {@code exp}); also the longest time a token
         * signed by a key Keycloak has since removed is still accepted.
         */
        @WithDefault("30s")
        Duration cacheTtl();
    }

    interface Opa {
        /** Base URL of the OPA server. */
        URI url();

        /** Path of the decision document under {@code /v1/data}. */
        String decisionPath();

        /** Budget for one evaluation, connect included; past it the PDP denies. */
        Duration timeout();

        /** Path of the batch document under {@code /v1/data}: one decision per element of {@code input.items}. */
        @WithDefault("purposegate/batch/decisions")
        String batchPath();

        /**
         * Budget for one batch evaluation, whatever its size (at most {@code purposegate.decisions.batch-max} items);
         * never less than {@link #timeout()}. Past it every item of the batch is denied.
         */
        @WithDefault("500ms")
        Duration batchTimeout();
    }

    /** How the policy is evaluated (docs/pdp.md, "Policy evaluation"). */
    interface Policy {
        /** {@code wasm}: OPA's compiled policy, in-process; {@code opa}: every decision asked of the OPA server. */
        @WithDefault("wasm")
        Engine engine();

        /**
         * While the compiled policy is not loaded (starting, or it failed to compile or instantiate): {@code opa} asks
         * the OPA server instead; {@code deny} denies with {@code engine.unavailable}.
         */
        @WithDefault("opa")
        Fallback fallback();

        /** The {@code opa} binary that compiles the policy ({@code opa build -t wasm}); default: {@code opa} on the PATH. */
        @WithDefault("opa")
        String opaBinary();

        /**
         * Instances of the compiled policy, each evaluating one decision at a time (0: one per two processors). An
         * evaluation is a small part of a decision's CPU, so one instance serves two cores; each costs about 25 MB
         * (its own compiled classes and JIT code).
         */
        @WithDefault("0")
        int instances();

        /** Evaluations each new instance makes before it serves (the JIT compiles the module's code meanwhile). */
        @WithDefault("20000")
        int warmupEvaluations();

        /** Most 64 KiB pages of memory one instance may use. */
        @WithDefault("1024")
        int maxMemoryPages();

        /** How often the policy directory is checked for changes. */
        @WithDefault("1s")
        Duration watchInterval();

        /** Longest {@code opa build} of the policy. */
        @WithDefault("60s")
        Duration compileTimeout();

        Differential differential();

        enum Engine {
            WASM, OPA
        }

        enum Fallback {
            OPA, DENY
        }

        /** The differential check: OPA evaluates a sample of the decisions the compiled policy made, off the request path. */
        interface Differential {
            /** Share of decisions also evaluated by the OPA server (0 to 1; 1 in the test stack). */
            @WithDefault("0.01")
            double sampleRate();

            /** Most sampled decisions waiting for OPA; more are dropped (and counted), never waited for. */
            @WithDefault("256")
            int queueSize();
        }
    }

    /** Admission control of evaluations (docs/pdp.md, "Admission control"). */
    interface Admission {
        /** Longest wait for a free evaluation slot; past it the request is shed with 503 pdp.overloaded. */
        @WithDefault("500ms")
        Duration queueTimeout();

        /** Most decisions waiting for a slot at once; more are shed at once. */
        @WithDefault("256")
        int maxWaiting();
    }

    interface Bundle {
        /** The policy directory served to OPA as a bundle (Rego and data files; tests are left out). */
        Path policiesDir();

        /** Bundle name, as in OPA's configuration and in decision provenance. */
        @WithDefault("purposegate")
        String name();
    }

    interface Store {
        /** JDBC URL of the decision log and consent registry: an H2 file by default, PostgreSQL in production. */
        String jdbcUrl();

        Optional<String> username();

        Optional<String> password();

        /** Connections for queries and the consent registry (the decision log writer has its own). */
        @WithDefault("4")
        int poolSize();
    }

    interface Log {
        /** Entries older than this are deleted (the chain stays verifiable from the oldest kept entry). */
        @WithDefault("P400D")
        Duration retention();

        /** Most entries one group commit writes. */
        @WithDefault("256")
        int maxBatch();

        /** How long a decision waits for its log entry to be durable before the PDP answers 503. */
        @WithDefault("2s")
        Duration writeTimeout();

        /** Largest page of a decision-log query. */
        @WithDefault("100")
        int maxPageSize();

        /**
         * How a group commit is made durable: {@code journal} (append and fsync to the journal, then index
         * into the database in large batches), {@code direct} (one database transaction per group), or
         * {@code auto}: journal for the embedded H2 file, direct for PostgreSQL.
         */
        @WithDefault("auto")
        WritePath writePath();

        /** The journal's directory (journal write path only). */
        @WithDefault("./.pdp-data/decision-journal")
        java.nio.file.Path journalDir();

        /** Force each journal group commit to disk (fdatasync); off only where losing the last group to a power cut is accepted. */
        @WithDefault("true")
        boolean journalFsync();

        /** Longest time between two batches from the journal into the database (queries do not wait for it). */
        @WithDefault("500ms")
        Duration indexInterval();

        enum WritePath {
            AUTO, JOURNAL, DIRECT
        }

        /** How often the PDP signs a checkpoint of the chain's head (when it moved); retention signs the anchor it moves at once. */
        @WithDefault("60s")
        Duration checkpointInterval();

        /**
         * The PDP's private ES256 key (a JWK file) that signs checkpoints; created on first start when absent.
         * Keep it outside the database and its backups; in production supply it.
         */
        @WithDefault("./.pdp-data/decision-log-checkpoint-key.json")
        java.nio.file.Path checkpointKeyFile();

        /** Record decisions (off only to measure the log's cost in the benchmark; never in production). */
        @WithDefault("true")
        boolean enabled();
    }

    interface Consent {
        /** Issuer of consent events: the realm URL. */
        String issuer();

        /** {@code aud} every consent event must carry. */
        @WithDefault("purposegate-pdp")
        String audience();

        /** Keycloak admin REST base of the realm: {@code .../admin/realms/{realm}}. */
        URI adminUrl();

        /** Token endpoint of the realm, for the PDP's service-account token. */
        URI tokenUrl();

        @WithDefault("pdp")
        String clientId();

        String clientSecret();

        /** Resync every subject from Keycloak when the PDP starts. */
        @WithDefault("true")
        boolean resyncOnStart();

        /** Ask Keycloak, in the background, for a subject the registry has never heard of (once per negative-cache period). */
        @WithDefault("true")
        boolean fetchUnknown();

        /** Budget of one background fetch of an unknown subject. */
        @WithDefault("200ms")
        Duration fetchTimeout();

        /** How long "Keycloak does not know this subject" is remembered. */
        @WithDefault("60s")
        Duration unknownTtl();

        /** Registry changes the change feed keeps in memory; a cursor older than that is answered {@code reset: true}. */
        @WithDefault("10000")
        int changeRingSize();
    }
}
