package dev.meridian.outcomes.reconciliation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.meridian.outcomes.OutcomesServiceApplication;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code java -jar outcomes-service-exec.jar --reconcile [--heal]}: one reconciliation against the service's
 * database ({@code MONGODB_URI} or {@code --spring.data.mongodb.uri}, and {@code OUTCOMES_MONGODB_DATABASE}) and
 * practice-service ({@code PRACTICE_BASE_URL}), without consuming anything and without starting embedded servers.
 * Prints the report as JSON.
 *
 * <p>Exit codes: 0 in sync; 1 drift found (with {@code --heal}: republication of what is behind was requested;
 * run again after the service has consumed it); 2 the check could not run.
 */
public final class ReconcileCommand {

    public static final int IN_SYNC = 0;
    public static final int DRIFT = 1;
    public static final int FAILED = 2;

    private ReconcileCommand() {
    }

    public static boolean isRequested(String[] args) {
        return Arrays.asList(args).contains("--reconcile");
    }

    /** Runs the reconciliation; other arguments ({@code --name=value}) are Spring properties. */
    public static int run(String[] args, PrintStream out) {
        boolean heal = Arrays.asList(args).contains("--heal");
        List<String> springArgs = new ArrayList<>();
        for (String arg : args) {
            if (!arg.equals("--reconcile") && !arg.equals("--heal")) {
                springArgs.add(arg);
            }
        }
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(OutcomesServiceApplication.class)
                .web(WebApplicationType.NONE)
                // The service's own database or nothing: never an empty embedded one, which would report everything
                // as missing. Quiet, so that standard output is the report.
                .properties("meridian.outcomes.consumer.enabled=false", "meridian.embedded.enabled=false",
                        "spring.main.banner-mode=off", "logging.level.root=WARN")
                .run(springArgs.toArray(String[]::new))) {
            ReconciliationService reconciliation = context.getBean(ReconciliationService.class);
            ReconciliationReport report = heal ? reconciliation.heal() : reconciliation.check();
            out.println(json().writeValueAsString(report));
            return report.inSync() ? IN_SYNC : DRIFT;
        } catch (Exception e) {
            out.println("{\"error\":\"reconciliation could not run: " + String.valueOf(e.getMessage())
                    .replace("\\", "\\\\").replace("\"", "\\\"") + "\"}");
            return FAILED;
        }
    }

    private static ObjectMapper json() {
        return new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(SerializationFeature.INDENT_OUTPUT);
    }
}
