package dev.meridian.practice.infrastructure;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document at {@code /v3/api-docs} (Swagger UI at {@code /swagger-ui.html}). */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfiguration {

    @Bean
    public OpenAPI practiceServiceApi() {
        return new OpenAPI().info(new Info()
                .title("Meridian practice-service")
                .version("v1")
                .description("""
                        Clinic staff record psoas-centred low back pain care: patients, treatment courses and \
                        sessions (pain before and after, psoas releases, retained needles, emotional responses), \
                        homework, follow-up measures and course outcomes.

                        Commands answer 201 with the new id and a Location header, or 204 No Content: the fact is \
                        stored in the event store when the answer arrives. The GET views are built from those \
                        events by an asynchronous projection and follow within moments; a GET right after a \
                        command may still show the state before it.

                        Errors are RFC 9457 problem details (application/problem+json): 400 invalid-request with \
                        an `errors` list of {field, message}; 404 not-found; 409 command-refused (the current \
                        state forbids it) or concurrent-change (another request won the race: read and retry); \
                        503 command-timeout. A refused request writes nothing."""));
    }
}
