package dev.meridian.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * Signs Meridian bearer tokens with an RSA key pair made when it is created: the development issuer of the
 * {@code local} profile and the test issuer of the integration tests. It never runs in production, where tokens
 * come from the network's identity provider; it exists so that development and tests take the same path (JWK set,
 * signature, issuer, expiry, claims) as production does.
 */
public final class TokenIssuer {

    private final String issuer;
    private final RSAKey keyPair;

    public TokenIssuer(String issuer) {
        this.issuer = issuer;
        try {
            this.keyPair = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("RSA key generation failed", e);
        }
    }

    public String issuer() {
        return issuer;
    }

    public RSAPublicKey publicKey() {
        try {
            return keyPair.toRSAPublicKey();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public half, as a JWK set document ({@code {"keys":[...]}}). */
    public String jwkSetJson() {
        return new JWKSet(keyPair.toPublicJWK()).toString();
    }

    /** A token for one caller, valid for {@code ttl} from now. */
    public String issue(String subject, Role role, Collection<String> locations, Duration ttl) {
        return sign(claims(subject, role, locations, ttl).build());
    }

    /** The claims {@link #issue} would sign, for tests that change one of them before signing. */
    public JWTClaimsSet.Builder claims(String subject, Role role, Collection<String> locations, Duration ttl) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(subject)
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now.minusSeconds(1)))
                .expirationTime(Date.from(now.plus(ttl)))
                .claim(Caller.ROLE_CLAIM, role.name())
                .claim(Caller.LOCATIONS_CLAIM, List.copyOf(locations));
    }

    public String sign(JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(keyPair.getKeyID())
                    .type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(new RSASSASigner(keyPair));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("signing failed", e);
        }
    }
}
