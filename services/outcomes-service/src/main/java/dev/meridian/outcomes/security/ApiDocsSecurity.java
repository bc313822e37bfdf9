package dev.meridian.outcomes.security;

import dev.meridian.security.BearerTokenDocs;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document's bearer scheme, with this service's rules. */
@Configuration(proxyBeanMethods = false)
public class ApiDocsSecurity {

    @Bean
    OpenApiCustomizer bearerTokens() {
        return BearerTokenDocs.customizer("A JWT with claim role: ANALYST or"
                + " NETWORK_ADMIN for /api/outcomes/**, NETWORK_ADMIN for rebuild and reconciliation; 401 without a valid"
                + " one, 403 for another role (docs/security.md).");
    }
}
