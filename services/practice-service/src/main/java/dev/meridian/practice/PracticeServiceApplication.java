package dev.meridian.practice;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.PropertySource;

/**
 * Clinic staff record psoas-centred low back pain care here. Defaults live in {@code practice-service.properties}
 * rather than {@code application.properties}, so that the local stack can run this service beside the outcomes
 * service in one JVM without their settings colliding.
 */
@SpringBootApplication
@PropertySource("classpath:practice-service.properties")
public class PracticeServiceApplication {

    public static void main(String[] args) {
        // Before Spring starts Axon: no update check (there is no internet here, and none is wanted in clinics).
        System.setProperty("axoniq.update-checker.disabled", "true");
        SpringApplication.run(PracticeServiceApplication.class, args);
    }
}
