package io.purposegate.bench;

import java.net.URI;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;

import io.purposegate.pdp.token.AccessTokenVerifier;
import io.purposegate.pdp.token.VerifiedToken;

/**
 * (c) of the PDP benchmark: the PDP's token verification alone (nimbus-jose-jwt, the PDP's own
 * configuration), on a real access token of the local Keycloak with its real keys, no HTTP.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TokenVerificationBench {

    @Param("")
    public String token;

    @Param("http://127.0.0.1:8080/realms/demo")
    public String issuer;

    private AccessTokenVerifier verifier;

    @Setup
    public void loadKeys() throws Exception {
        JWKSet keys = JWKSet.load(URI.create(issuer + "/protocol/openid-connect/certs").toURL());
        verifier = new AccessTokenVerifier(issuer, new ImmutableJWKSet<>(keys), Set.of("RS256", "ES256"), 30);
        verifier.verify(token); // a token that does not verify would make the figure meaningless
    }

    @Benchmark
    public VerifiedToken verify() throws Exception {
        return verifier.verify(token);
    }
}
