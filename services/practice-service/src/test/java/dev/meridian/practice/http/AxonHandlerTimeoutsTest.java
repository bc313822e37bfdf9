package dev.meridian.practice.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.axonframework.messaging.timeout.HandlerTimeoutHandlerEnhancerDefinition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/** Axon's handler timeouts are off by default (decision 0026), and commands and their views work without them. */
class AxonHandlerTimeoutsTest extends HttpApiTest {

    @Autowired
    ApplicationContext context;

    @Test
    void noHandlerIsWrappedInATimeLimitAndACommandStillSucceeds() {
        assertThat(context.getEnvironment().getProperty("axon.timeout.enabled")).isEqualTo("false");
        assertThat(context.getBeanNamesForType(HandlerTimeoutHandlerEnhancerDefinition.class)).isEmpty();

        String patientId = registerPatient();

        // The views' processor, an event handler too, still projects it.
        assertThat(awaitView("/api/patients/" + patientId, view -> true).path("homeLocationId").asText())
                .isEqualTo("loc-north");
    }
}
