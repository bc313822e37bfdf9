package dev.meridian.security;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;

/** The OpenAPI document says every operation takes a bearer token (Swagger UI's "Authorize" button). */
public final class BearerTokenDocs {

    private BearerTokenDocs() {
    }

    /** @param rules what the service's roles may reach, for the scheme's description */
    public static OpenApiCustomizer customizer(String rules) {
        return api -> {
            if (api.getComponents() == null) {
                api.setComponents(new Components());
            }
            api.getComponents().addSecuritySchemes("bearer", new SecurityScheme().type(SecurityScheme.Type.HTTP)
                    .scheme("bearer").bearerFormat("JWT").description(rules));
            api.addSecurityItem(new SecurityRequirement().addList("bearer"));
        };
    }
}
