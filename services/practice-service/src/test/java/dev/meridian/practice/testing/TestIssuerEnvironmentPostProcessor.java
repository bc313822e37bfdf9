package dev.meridian.practice.testing;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/** Points every Spring context of the tests at the {@link TestTokens} issuer, unless a test set its own. */
public class TestIssuerEnvironmentPostProcessor implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (StringUtils.hasText(environment.getProperty("meridian.security.issuer-uri"))
                || environment.acceptsProfiles(org.springframework.core.env.Profiles.of("local"))) {
            return;
        }
        environment.getPropertySources().addFirst(new MapPropertySource("meridianTestIssuer", Map.of(
                "meridian.security.issuer-uri", TestTokens.ISSUER,
                "meridian.security.jwk-set-uri", TestTokens.jwkSetUri())));
    }
}
