package dev.meridian.practice.security;

import dev.meridian.security.HeaderFirewall;
import dev.meridian.security.MeridianTokens;
import dev.meridian.security.Role;
import dev.meridian.security.ServiceSecurity;
import dev.meridian.security.TokenIssuer;
import dev.meridian.security.VerifiedTokenCache;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.util.StringUtils;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * practice-service as an OAuth2 resource server. Coarse rules by URL here (who may reach which part of the
 * service at all); the per-record rules (locations, read / write / erase) in {@link AccessPolicy}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class PracticeSecurityConfiguration implements WebMvcConfigurer {

    private final ObjectProvider<AccessPolicy> policy;

    public PracticeSecurityConfiguration(ObjectProvider<AccessPolicy> policy) {
        this.policy = policy;
    }

    /**
     * Tokens of the configured identity provider; in the {@code local} profile without one, the development
     * issuer's own key. Verified tokens are remembered briefly ({@link VerifiedTokenCache}): a client sends the same
     * token with every request, and verifying it each time was one of the larger costs per command.
     */
    @Bean
    JwtDecoder jwtDecoder(@Value("${meridian.security.issuer-uri:}") String issuer,
                          @Value("${meridian.security.jwk-set-uri:}") String jwkSetUri,
                          @Value("${meridian.security.audience:}") String audience,
                          @Value("${meridian.security.token-cache.size:1000}") int cacheSize,
                          @Value("${meridian.security.token-cache.max-age:PT1M}") Duration cacheMaxAge,
                          ObjectProvider<TokenIssuer> developmentIssuer) {
        TokenIssuer development = developmentIssuer.getIfAvailable();
        JwtDecoder decoder = development != null && !StringUtils.hasText(issuer)
                ? MeridianTokens.decoder(development)
                : MeridianTokens.decoder(issuer, jwkSetUri, audience);
        return VerifiedTokenCache.wrap(decoder, cacheSize, cacheMaxAge);
    }

    /**
     * No Micrometer observations of Spring Security's filter chain, authentications and authorizations: they wrapped
     * each of the dozen security filters of every request in an observation (about a tenth of the request threads'
     * time in the profile) and fed no dashboard or alert here. Requests stay observed as a whole
     * ({@code http.server.requests}); what the filters decide is in the audit trail.
     */
    @Bean
    static SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    /** Spring Security's strict firewall, its header check without a regular expression ({@link HeaderFirewall}). */
    @Bean
    static HttpFirewall httpFirewall() {
        return HeaderFirewall.strict();
    }

    @Bean
    SecurityFilterChain practiceSecurity(HttpSecurity http, JwtDecoder decoder, Environment environment)
            throws Exception {
        boolean local = environment.acceptsProfiles(Profiles.of("local"));
        return ServiceSecurity.defaults(http, decoder)
                .authorizeHttpRequests(requests -> {
                    requests.requestMatchers("/error", "/actuator/health", "/actuator/health/**",
                            "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**").permitAll();
                    if (local) {
                        requests.requestMatchers("/dev/**").permitAll();
                    }
                    requests.requestMatchers("/internal/**").hasRole(Role.SERVICE.name())
                            .requestMatchers("/actuator/**").hasAnyRole(Role.NETWORK_ADMIN.name(), Role.SERVICE.name())
                            .requestMatchers("/api/audit", "/api/audit/**").hasRole(Role.NETWORK_ADMIN.name())
                            .requestMatchers(HttpMethod.GET, "/api/**").hasAnyRole(Role.PRACTITIONER.name(),
                                    Role.CLINIC_MANAGER.name(), Role.NETWORK_ADMIN.name())
                            .requestMatchers("/api/**").hasAnyRole(Role.PRACTITIONER.name(),
                                    Role.CLINIC_MANAGER.name(), Role.NETWORK_ADMIN.name())
                            .anyRequest().authenticated();
                })
                .build();
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new AccessCheckInterceptor(policy.getObject())).addPathPatterns("/api/**");
    }
}
