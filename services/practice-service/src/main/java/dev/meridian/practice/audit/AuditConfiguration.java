package dev.meridian.practice.audit;

import dev.meridian.practice.security.RequestSizeLimit;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The audit filter wraps Spring Security's filter chain (it sees 401s and 403s); the caller capture runs inside
 * it (after authentication).
 */
@Configuration(proxyBeanMethods = false)
public class AuditConfiguration {

    @Bean
    FilterRegistrationBean<AuditFilter> auditFilter(AuditTrail trail, Clock clock, MeterRegistry registry) {
        FilterRegistrationBean<AuditFilter> registration =
                new FilterRegistrationBean<>(new AuditFilter(trail, clock, registry));
        registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER - 10);
        return registration;
    }

    /** Before everything else, even authentication: an oversized body is refused unread. */
    @Bean
    FilterRegistrationBean<RequestSizeLimit> requestSizeLimit(
            @Value("${meridian.http.max-body:65536}") long maxBytes) {
        FilterRegistrationBean<RequestSizeLimit> registration = new FilterRegistrationBean<>(new RequestSizeLimit(maxBytes));
        registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER - 20);
        return registration;
    }

    @Bean
    FilterRegistrationBean<AuditFilter.CallerCapture> auditCallerCapture() {
        FilterRegistrationBean<AuditFilter.CallerCapture> registration =
                new FilterRegistrationBean<>(new AuditFilter.CallerCapture());
        registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER + 10);
        return registration;
    }
}
