package dev.meridian.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Remembers bearer tokens that the wrapped decoder fully verified (signature, issuer, expiry, audience, claims),
 * keyed by the whole token string, so that a client sending the same token with every request pays for the RSA
 * signature check and the JSON parsing once, not per request (the profile of practice-service's request path showed
 * it as one of its larger costs).
 *
 * <p>Why it is as strict as decoding every time:
 * <ul>
 *   <li>the key is the exact token string: a token changed in any byte (tampered claims, another signature) is a
 *       different key and goes through the full verification;</li>
 *   <li>only successful verifications are remembered, never failures, so nothing an attacker sends can occupy the
 *       cache without a valid signature;</li>
 *   <li>an entry is used only before the token's own expiry (without the decoder's clock-skew allowance) and at most
 *       {@code maxAge} after it was verified, after which the token is verified again (so that a signing key
 *       withdrawn from the JWK set stops being accepted within that time; the decoder itself caches the JWK set
 *       for five minutes);</li>
 *   <li>bounded to {@code capacity} entries.</li>
 * </ul>
 */
public final class VerifiedTokenCache implements JwtDecoder {

    /** Defaults: a thousand tokens (a clinic network's concurrently active staff), re-verified every minute. */
    public static final int DEFAULT_CAPACITY = 1_000;
    public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(1);

    private record Verified(Jwt jwt, Instant usableUntil) {
    }

    private final JwtDecoder delegate;
    private final int capacity;
    private final Duration maxAge;
    private final Clock clock;
    private final ConcurrentHashMap<String, Verified> verified = new ConcurrentHashMap<>();

    /**
     * @param delegate the decoder that verifies a token not (or no longer) remembered
     * @param capacity at most this many tokens are remembered; 0 or less turns the cache off
     * @param maxAge   a remembered token is verified again after this long, even when it has not expired
     * @param clock    the clock of the expiry checks
     */
    public VerifiedTokenCache(JwtDecoder delegate, int capacity, Duration maxAge, Clock clock) {
        this.delegate = delegate;
        this.capacity = capacity;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    /** The decoder with the cache in front of it, or the decoder alone when {@code capacity} is 0 or less. */
    public static JwtDecoder wrap(JwtDecoder delegate, int capacity, Duration maxAge) {
        return capacity <= 0 || maxAge.isZero() || maxAge.isNegative()
                ? delegate : new VerifiedTokenCache(delegate, capacity, maxAge, Clock.systemUTC());
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Instant now = clock.instant();
        Verified known = verified.get(token);
        if (known != null) {
            if (now.isBefore(known.usableUntil())) {
                return known.jwt();
            }
            verified.remove(token, known);
        }
        Jwt jwt = delegate.decode(token); // throws for anything not valid; failures are never remembered
        Instant until = now.plus(maxAge);
        if (jwt.getExpiresAt() == null) {
            return jwt; // the validators refuse these; never remember one
        }
        if (jwt.getExpiresAt().isBefore(until)) {
            until = jwt.getExpiresAt();
        }
        if (now.isBefore(until)) {
            makeRoom(now);
            verified.put(token, new Verified(jwt, until));
        }
        return jwt;
    }

    /** How many tokens are remembered now (for tests and metrics). */
    public int size() {
        return verified.size();
    }

    private void makeRoom(Instant now) {
        if (verified.size() < capacity) {
            return;
        }
        verified.values().removeIf(entry -> !now.isBefore(entry.usableUntil()));
        // Still full of live tokens: drop an arbitrary eighth; a dropped token costs one verification.
        Iterator<String> tokens = verified.keySet().iterator();
        for (int dropped = 0; verified.size() >= capacity && tokens.hasNext() && dropped <= capacity / 8; dropped++) {
            tokens.next();
            tokens.remove();
        }
    }
}
