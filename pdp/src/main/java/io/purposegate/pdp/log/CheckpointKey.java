package io.purposegate.pdp.log;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.util.List;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;

/**
 * The PDP's own ES256 key for signing decision-log checkpoints: a private JWK in a file outside the
 * database (so whoever can change the database cannot sign), created on first start when it is absent
 * (owner-only permissions), supplied by the operator in production. Its public half is published as a JWKS.
 */
public final class CheckpointKey {

    private final ECKey key;

    private CheckpointKey(ECKey key) {
        this.key = key;
    }

    /** The key in {@code file}; a new one is generated and written there when the file does not exist. */
    public static CheckpointKey loadOrCreate(Path file) {
        try {
            if (Files.exists(file)) {
                JWK jwk = JWK.parse(Files.readString(file, StandardCharsets.UTF_8));
                if (!(jwk instanceof ECKey ec) || !ec.isPrivate() || !Curve.P_256.equals(ec.getCurve())) {
                    throw new IllegalStateException("the checkpoint key " + file + " is not a private P-256 EC JWK");
                }
                return new CheckpointKey(ec);
            }
            ECKey generated = new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256)
                    .keyIDFromThumbprint(true).generate();
            Path folder = file.toAbsolutePath().getParent();
            Files.createDirectories(folder);
            Path temporary = Files.createTempFile(folder, ".checkpoint-key", ".tmp");
            try {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the folder's own protection applies
            }
            Files.writeString(temporary, generated.toJSONString(), StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
            return new CheckpointKey(generated);
        } catch (IOException | ParseException | JOSEException e) {
            throw new IllegalStateException("cannot read or create the checkpoint key " + file + ": " + e.getMessage(), e);
        }
    }

    ECKey privateKey() {
        return key;
    }

    public String keyId() {
        return key.getKeyID();
    }

    /** The public keys that verify checkpoints, as a JWKS ({@code {"keys": [...]}}). */
    public java.util.Map<String, Object> publicJwks() {
        return new JWKSet(List.of(key.toPublicJWK())).toJSONObject(true);
    }

    ECKey publicKey() {
        return key.toPublicJWK();
    }

    static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.ES256);
}
