package dev.meridian.outcomes.dashboard;

import io.swagger.v3.oas.annotations.Hidden;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The outcome dashboard at {@code /}: one static page whose script calls the analyst API (so its numbers are the
 * API's) and draws with ECharts from the webjar in this jar ({@code /webjars/echarts/dist/echarts.min.js}): no
 * internet needed. Its files live under {@code classpath:/outcomes-dashboard/}, not in {@code static/}, because the
 * local stack runs practice-service in the same JVM and must not serve them too.
 */
@Controller
@Hidden
class DashboardController implements WebMvcConfigurer {

    static final String LOCATION = "outcomes-dashboard/";

    private final String page;

    DashboardController() throws IOException {
        try (InputStream in = new ClassPathResource(LOCATION + "index.html").getInputStream()) {
            page = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @GetMapping({"/", "/index.html"})
    ResponseEntity<String> dashboard() {
        return ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                .cacheControl(CacheControl.noCache()).body(page);
    }

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/dashboard/**").addResourceLocations("classpath:/" + LOCATION)
                .setCacheControl(CacheControl.noCache());
    }
}
