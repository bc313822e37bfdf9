package dev.meridian.outcomes.security;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document says every operation takes a bearer token (Swagger UI's "Authorize" button). */
@Configuration(proxyBeanMethods = false)
public class BearerTokenDocs {

    @Bean
    OpenApiCustomizer bearerTokens() {
        return api -> {
            if (api.getComponents() == null) {
                api.setComponents(new Components());
            }
            api.getComponents().addSecuritySchemes("bearer", new SecurityScheme().type(SecurityScheme.Type.HTTP)
                    .scheme("bearer").bearerFormat("JWT").description("A JWT with claim role: ANALYST or"
                            + " NETWORK_ADMIN for /api/outcomes/**, NETWORK_ADMIN for rebuild and reconciliation;"
                            + " 401 without a valid one, 403 for another role (docs/security.md)."));
            api.addSecurityItem(new SecurityRequirement().addList("bearer"));
        };
    }
}
