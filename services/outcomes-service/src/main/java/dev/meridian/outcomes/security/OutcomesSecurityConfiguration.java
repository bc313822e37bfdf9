package dev.meridian.outcomes.security;

import dev.meridian.security.HeaderFirewall;
import dev.meridian.security.MeridianTokens;
import dev.meridian.security.Role;
import dev.meridian.security.ServiceSecurity;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.HttpFirewall;

/**
 * outcomes-service as an OAuth2 resource server (docs/security.md), with the same token rules as practice-service.
 * Who may reach what, by URL (no per-record rules here: every projection is de-identified and network-wide):
 * <ul>
 *   <li>public: health, the API docs and Swagger UI, and the dashboard's static shell (the page, its script and
 *       style, the ECharts webjar), which hold no data: the page calls the API with the analyst's token;</li>
 *   <li>the analyst API {@code /api/outcomes/**}: analysts and the network admin; practitioners, clinic managers
 *       and services get 403 (they have practice-service);</li>
 *   <li>operators' endpoints (rebuild, reconciliation) and everything not named here: the network admin only;</li>
 *   <li>the other actuator endpoints: the network admin and services (monitoring).</li>
 * </ul>
 * Not active without a web server (the {@code --reconcile} command line).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class OutcomesSecurityConfiguration {

    /** Tokens of the configured identity provider; the service does not start without one configured. */
    @Bean
    JwtDecoder jwtDecoder(@Value("${meridian.security.issuer-uri:}") String issuer,
                          @Value("${meridian.security.jwk-set-uri:}") String jwkSetUri,
                          @Value("${meridian.security.audience:}") String audience) {
        return MeridianTokens.decoder(issuer, jwkSetUri, audience);
    }

    /** Spring Security's strict firewall, its header check without a regular expression ({@link HeaderFirewall}). */
    @Bean
    static HttpFirewall httpFirewall() {
        return HeaderFirewall.strict();
    }

    @Bean
    SecurityFilterChain outcomesSecurity(HttpSecurity http, JwtDecoder decoder) throws Exception {
        String analyst = Role.ANALYST.name();
        String admin = Role.NETWORK_ADMIN.name();
        return ServiceSecurity.defaults(http, decoder)
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/error", "/actuator/health", "/actuator/health/**",
                                "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**").permitAll()
                        .requestMatchers(HttpMethod.GET, "/", "/index.html", "/dashboard/**", "/webjars/**")
                        .permitAll()
                        .requestMatchers("/api/outcomes", "/api/outcomes/**").hasAnyRole(analyst, admin)
                        .requestMatchers("/actuator/**").hasAnyRole(admin, Role.SERVICE.name())
                        // Rebuild, reconciliation, and whatever is added later until it is given a rule here.
                        .anyRequest().hasRole(admin))
                .build();
    }
}
