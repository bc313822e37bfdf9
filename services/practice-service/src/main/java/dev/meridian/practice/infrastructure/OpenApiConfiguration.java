package dev.meridian.practice.infrastructure;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document at {@code /v3/api-docs} (Swagger UI at {@code /swagger-ui.html}). */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfiguration {

    private static final String PROBLEM = "Problem";

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
                        command may still show the state before it (or 404 for a record just created).

                        Errors are RFC 9457 problem details (application/problem+json): 400 invalid-request with \
                        an `errors` list of {field, message}; 404 not-found; 409 command-refused (the current \
                        state forbids it) or concurrent-change (another request won the race: read and retry); \
                        503 command-timeout. A refused request writes nothing."""));
    }

    /** Documents the problem responses every operation can give, in one place like the advice that makes them. */
    @Bean
    public OpenApiCustomizer problemResponses() {
        return api -> {
            api.getComponents().addSchemas(PROBLEM, problemSchema());
            api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
                if (method == PathItem.HttpMethod.POST) {
                    add(operation, "400", "Invalid request: malformed JSON, a missing, out-of-range or unknown "
                            + "value, a future date, retention in the psoas; `errors` names the fields");
                }
                if (path.contains("{")) {
                    add(operation, "404", "No patient, course or session with this id");
                }
                if (method == PathItem.HttpMethod.POST && path.contains("{")) {
                    add(operation, "409", "command-refused: the current state forbids it (session not started, "
                            + "ended; course closed; patient erased); concurrent-change: another request won");
                }
            }));
        };
    }

    private static void add(Operation operation, String status, String description) {
        operation.getResponses().addApiResponse(status, new ApiResponse().description(description)
                .content(new Content().addMediaType("application/problem+json",
                        new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM)))));
    }

    @SuppressWarnings("rawtypes")
    private static Schema problemSchema() {
        ObjectSchema fieldError = new ObjectSchema();
        fieldError.setProperties(Map.of("field", new StringSchema().example("retentionMinutes"),
                "message", new StringSchema().example("must be at most 60")));
        ObjectSchema problem = new ObjectSchema();
        problem.setDescription("RFC 9457 problem details");
        problem.setProperties(Map.of(
                "type", new StringSchema().example(ProblemDetailsAdvice.TYPE_BASE + "invalid-request"),
                "title", new StringSchema().example("Invalid request"),
                "status", new IntegerSchema().example(400),
                "detail", new StringSchema().example("One field is invalid: retentionMinutes"),
                "instance", new StringSchema().example("/api/sessions/0b8f.../retained-needles"),
                "errors", new ArraySchema().items(fieldError).description("400 only")));
        return problem;
    }
}
