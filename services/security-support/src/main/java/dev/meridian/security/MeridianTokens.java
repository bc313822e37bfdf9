package dev.meridian.security;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.util.StringUtils;

/**
 * How both services accept a bearer token: RS256-signed by a key of the configured JWK set, issued by the configured
 * issuer, not expired (a token without {@code exp} is refused), for the configured audience when one is set, with a
 * known role and well-formed location ids. Anything else is a 401.
 */
public final class MeridianTokens {

    /** Clocks of the issuer and the services may differ by this much. */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

    private MeridianTokens() {
    }

    /**
     * A decoder for an external identity provider (Keycloak, Entra ID, Auth0...).
     *
     * @param issuer    the expected {@code iss}; also where the JWK set is discovered when {@code jwkSetUri} is blank
     * @param jwkSetUri where the signing keys are published; blank to discover them from the issuer
     * @param audience  the expected {@code aud}; blank to accept any
     */
    public static JwtDecoder decoder(String issuer, String jwkSetUri, String audience) {
        if (!StringUtils.hasText(issuer)) {
            throw new IllegalStateException("No token issuer configured: set meridian.security.issuer-uri"
                    + " (env OAUTH2_ISSUER_URI) and optionally meridian.security.jwk-set-uri (env OAUTH2_JWK_SET_URI);"
                    + " see docs/security.md");
        }
        Supplier<NimbusJwtDecoder> build = () -> StringUtils.hasText(jwkSetUri)
                ? NimbusJwtDecoder.withJwkSetUri(jwkSetUri).jwsAlgorithm(SignatureAlgorithm.RS256).build()
                : NimbusJwtDecoder.withIssuerLocation(issuer).build();
        // Lazy: the identity provider need not be reachable when the service starts.
        return new SupplierJwtDecoder(() -> {
            NimbusJwtDecoder decoder = build.get();
            decoder.setJwtValidator(validator(issuer, audience));
            return decoder;
        });
    }

    /** A decoder that trusts one known key (the development issuer of the local profile). */
    public static JwtDecoder decoder(TokenIssuer issuer) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(issuer.publicKey())
                .signatureAlgorithm(SignatureAlgorithm.RS256).build();
        decoder.setJwtValidator(validator(issuer.issuer(), null));
        return decoder;
    }

    static OAuth2TokenValidator<Jwt> validator(String issuer, String audience) {
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
        validators.add(new JwtTimestampValidator(CLOCK_SKEW));
        validators.add(jwt -> jwt.getExpiresAt() == null ? failure("the token has no expiry") : ok());
        validators.add(new JwtIssuerValidator(issuer));
        if (StringUtils.hasText(audience)) {
            validators.add(jwt -> jwt.getAudience() != null && jwt.getAudience().contains(audience)
                    ? ok() : failure("the token is not for this audience"));
        }
        validators.add(claimsValidator());
        return new DelegatingOAuth2TokenValidator<>(validators);
    }

    /** A known role, a subject, and location ids of the network's form. */
    public static OAuth2TokenValidator<Jwt> claimsValidator() {
        return jwt -> {
            if (!StringUtils.hasText(jwt.getSubject())) {
                return failure("the token has no subject");
            }
            Object role = jwt.getClaims().get(Caller.ROLE_CLAIM);
            if (!(role instanceof String name) || !Role.isKnown(name)) {
                return failure("the token has no known role");
            }
            Object locations = jwt.getClaims().get(Caller.LOCATIONS_CLAIM);
            if (locations != null) {
                if (!(locations instanceof List<?> list) || list.size() > 1000 || !list.stream()
                        .allMatch(id -> id instanceof String s && Caller.LOCATION_ID.matcher(s).matches())) {
                    return failure("the token's locations are malformed");
                }
            }
            return ok();
        };
    }

    /** Turns a validated token into an authentication whose one authority is the caller's role. */
    public static Converter<Jwt, AbstractAuthenticationToken> authenticationConverter() {
        return jwt -> new JwtAuthenticationToken(jwt,
                List.of(new SimpleGrantedAuthority(Role.valueOf(jwt.getClaimAsString(Caller.ROLE_CLAIM)).authority())),
                jwt.getSubject());
    }

    private static OAuth2TokenValidatorResult ok() {
        return OAuth2TokenValidatorResult.success();
    }

    private static OAuth2TokenValidatorResult failure(String description) {
        return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", description, null));
    }
}
