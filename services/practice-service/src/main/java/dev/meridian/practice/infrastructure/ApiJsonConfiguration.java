package dev.meridian.practice.infrastructure;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * JSON of the HTTP API: absent values are left out, and a fractional number where a whole one is expected (a pain
 * score of 6.5) is refused instead of silently truncated. Set on a copy of Spring's mapper for the HTTP converters
 * only: Axon's serializer uses Spring's mapper for the event store, whose format must not follow API choices.
 */
@Configuration(proxyBeanMethods = false)
public class ApiJsonConfiguration implements WebMvcConfigurer {

    @Override
    public void extendMessageConverters(List<HttpMessageConverter<?>> converters) {
        for (HttpMessageConverter<?> converter : converters) {
            if (converter instanceof MappingJackson2HttpMessageConverter json) {
                json.setObjectMapper(json.getObjectMapper().copy()
                        .setSerializationInclusion(JsonInclude.Include.NON_NULL)
                        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT));
            }
        }
    }
}
