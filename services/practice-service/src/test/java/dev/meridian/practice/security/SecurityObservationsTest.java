package dev.meridian.practice.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.practice.testing.SecuredServiceTest;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Spring Security's own observations are off (they cost about a tenth of the request path); requests are still
 * measured as a whole, and refused ones are still refused.
 */
class SecurityObservationsTest extends SecuredServiceTest {

    @Autowired
    MeterRegistry meters;

    @Test
    void requests_are_measured_as_a_whole_but_not_filter_by_filter() {
        assertThat(staff().get("/api/patients/0f8fad5b-d9cb-469f-a165-70867728950e").status()).isEqualTo(404);
        assertThat(anonymous().get("/api/patients/0f8fad5b-d9cb-469f-a165-70867728950e").status()).isEqualTo(401);

        assertThat(meters.find("http.server.requests").timers()).isNotEmpty();
        assertThat(meters.getMeters()).noneMatch(meter -> meter.getId().getName().startsWith("spring.security."));
    }
}
