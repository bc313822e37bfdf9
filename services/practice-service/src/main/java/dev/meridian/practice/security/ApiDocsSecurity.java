package dev.meridian.practice.security;

import dev.meridian.security.BearerTokenDocs;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document's bearer scheme, with this service's rules. */
@Configuration(proxyBeanMethods = false)
public class ApiDocsSecurity {

    @Bean
    OpenApiCustomizer bearerTokens() {
        return BearerTokenDocs.customizer("A JWT with claims role and locations: 401 without"
                + " one, 404 for records outside your locations, 403 for operations your role may not do"
                + " (docs/security.md).");
    }
}
