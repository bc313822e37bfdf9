package dev.meridian.practice.security;

import dev.meridian.practice.patient.OpenCourseRequest;
import dev.meridian.practice.patient.RegisterPatientRequest;
import dev.meridian.security.Caller;
import java.lang.reflect.Type;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

/**
 * A patient is registered, and a course opened, only at a location where the caller works (403 otherwise): the
 * location is in the request body, so it is checked as soon as the body is read, before anything is sent.
 */
@ControllerAdvice
public class NewRecordLocationCheck extends RequestBodyAdviceAdapter {

    private final AccessPolicy policy;

    public NewRecordLocationCheck(AccessPolicy policy) {
        this.policy = policy;
    }

    @Override
    public boolean supports(MethodParameter parameter, Type targetType,
                            Class<? extends HttpMessageConverter<?>> converterType) {
        return targetType == RegisterPatientRequest.class || targetType == OpenCourseRequest.class;
    }

    @Override
    public Object afterBodyRead(Object body, HttpInputMessage inputMessage, MethodParameter parameter,
                                Type targetType, Class<? extends HttpMessageConverter<?>> converterType) {
        String location = body instanceof RegisterPatientRequest register ? register.homeLocationId()
                : body instanceof OpenCourseRequest open ? open.locationId() : null;
        Caller.current().ifPresent(caller -> policy.checkNewRecordAt(caller, location));
        return body;
    }
}
