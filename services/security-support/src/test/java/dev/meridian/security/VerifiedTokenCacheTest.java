package dev.meridian.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.security.testing.MovingClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

class VerifiedTokenCacheTest {

    private static final Instant T0 = Instant.parse("2026-12-02T09:00:00Z");
    private static final TokenIssuer ISSUER = new TokenIssuer("https://issuer.cache-test.meridian.local");

    /** Stands for the verifying decoder: counts its calls; tokens named "bad..." fail, the others expire at exp. */
    private static final class CountingDecoder implements JwtDecoder {
        final AtomicInteger calls = new AtomicInteger();
        final Instant expiresAt;

        CountingDecoder(Instant expiresAt) {
            this.expiresAt = expiresAt;
        }

        @Override
        public Jwt decode(String token) {
            calls.incrementAndGet();
            if (token.startsWith("bad")) {
                throw new BadJwtException("signature does not match");
            }
            return Jwt.withTokenValue(token).header("alg", "RS256").subject("pr-1").issuedAt(T0.minusSeconds(60))
                    .expiresAt(expiresAt).build();
        }
    }

    @Test
    void a_verified_token_is_verified_once_while_it_is_remembered() {
        CountingDecoder verifier = new CountingDecoder(T0.plus(Duration.ofMinutes(30)));
        VerifiedTokenCache cache = new VerifiedTokenCache(verifier, 10, Duration.ofMinutes(1), new MovingClock(T0));

        Jwt first = cache.decode("token-a");
        Jwt second = cache.decode("token-a");

        assertThat(second).isSameAs(first);
        assertThat(verifier.calls).hasValue(1);
    }

    @Test
    void a_token_is_verified_again_once_it_expired_and_then_refused() {
        MovingClock clock = new MovingClock(T0);
        Instant expiry = T0.plusSeconds(20);
        JwtDecoder verifier = new JwtDecoder() {
            final CountingDecoder inner = new CountingDecoder(expiry);

            @Override
            public Jwt decode(String token) {
                if (!clock.instant().isBefore(expiry)) {
                    throw new BadJwtException("expired");
                }
                return inner.decode(token);
            }
        };
        VerifiedTokenCache cache = new VerifiedTokenCache(verifier, 10, Duration.ofMinutes(5), clock);
        cache.decode("token-b");

        clock.set(expiry); // remembered for 5 minutes at most, but the token itself ends here

        assertThatThrownBy(() -> cache.decode("token-b")).isInstanceOf(JwtException.class).hasMessageContaining("expired");
        assertThat(cache.size()).isZero();
    }

    @Test
    void a_token_is_verified_again_after_the_maximum_age_even_when_it_has_not_expired() {
        MovingClock clock = new MovingClock(T0);
        CountingDecoder verifier = new CountingDecoder(T0.plus(Duration.ofMinutes(30)));
        VerifiedTokenCache cache = new VerifiedTokenCache(verifier, 10, Duration.ofMinutes(1), clock);
        cache.decode("token-c");

        clock.set(T0.plusSeconds(59));
        cache.decode("token-c");
        assertThat(verifier.calls).hasValue(1);

        clock.set(T0.plusSeconds(60));
        cache.decode("token-c");
        assertThat(verifier.calls).hasValue(2);
    }

    @Test
    void refused_tokens_are_never_remembered() {
        CountingDecoder verifier = new CountingDecoder(T0.plus(Duration.ofMinutes(30)));
        VerifiedTokenCache cache = new VerifiedTokenCache(verifier, 10, Duration.ofMinutes(1), new MovingClock(T0));

        assertThatThrownBy(() -> cache.decode("bad-token")).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> cache.decode("bad-token")).isInstanceOf(BadJwtException.class);

        assertThat(verifier.calls).hasValue(2);
        assertThat(cache.size()).isZero();
    }

    @Test
    void a_token_tampered_after_its_original_was_remembered_is_refused() {
        JwtDecoder cache = VerifiedTokenCache.wrap(MeridianTokens.decoder(ISSUER), 10, Duration.ofMinutes(1));
        String good = ISSUER.issue("pr-cache", Role.PRACTITIONER, List.of("loc-one"), Duration.ofMinutes(5));
        assertThat(cache.decode(good).getClaimAsString(Caller.ROLE_CLAIM)).isEqualTo("PRACTITIONER");

        String[] parts = good.split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"PRACTITIONER\"", "\"NETWORK_ADMIN\"");
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];

        assertThatThrownBy(() -> cache.decode(tampered)).isInstanceOf(JwtException.class);
        assertThatThrownBy(() -> cache.decode(parts[0] + "." + parts[1] + "." + parts[2].substring(1) + "A"))
                .isInstanceOf(JwtException.class);
        assertThat(cache.decode(good).getClaimAsString(Caller.ROLE_CLAIM)).isEqualTo("PRACTITIONER");
    }

    @Test
    void an_expired_real_token_is_refused_through_the_cache() {
        JwtDecoder cache = VerifiedTokenCache.wrap(MeridianTokens.decoder(ISSUER), 10, Duration.ofMinutes(1));
        String expired = ISSUER.sign(ISSUER.claims("pr-old", Role.PRACTITIONER, List.of(), Duration.ofMinutes(5))
                .issueTime(java.util.Date.from(Instant.now().minus(Duration.ofHours(2))))
                .notBeforeTime(java.util.Date.from(Instant.now().minus(Duration.ofHours(2))))
                .expirationTime(java.util.Date.from(Instant.now().minus(Duration.ofHours(1)))).build());

        assertThatThrownBy(() -> cache.decode(expired)).isInstanceOf(JwtException.class);
        assertThat(((VerifiedTokenCache) cache).size()).isZero();
    }

    @Test
    void it_holds_at_most_its_capacity() {
        CountingDecoder verifier = new CountingDecoder(T0.plus(Duration.ofMinutes(30)));
        VerifiedTokenCache cache = new VerifiedTokenCache(verifier, 3, Duration.ofMinutes(1), new MovingClock(T0));

        for (int i = 0; i < 20; i++) {
            cache.decode("token-" + i);
            assertThat(cache.size()).isLessThanOrEqualTo(3);
        }
        cache.decode("token-19");
        assertThat(verifier.calls).hasValue(20);
    }

    @Test
    void a_capacity_of_zero_leaves_the_decoder_alone() {
        CountingDecoder verifier = new CountingDecoder(T0.plus(Duration.ofMinutes(30)));
        assertThat(VerifiedTokenCache.wrap(verifier, 0, Duration.ofMinutes(1))).isSameAs(verifier);
    }
}
