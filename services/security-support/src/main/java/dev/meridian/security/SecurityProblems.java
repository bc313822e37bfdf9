package dev.meridian.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * 401 and 403 as RFC 9457 problem details, like every other error of the services. The body says what kind of
 * problem it is and nothing about the token's content or why a signature failed.
 */
public final class SecurityProblems {

    public static final String TYPE_BASE = "https://meridian.dev/problems/";
    private static final ObjectMapper JSON = new ObjectMapper();

    private SecurityProblems() {
    }

    public static AuthenticationEntryPoint unauthorized() {
        return (request, response, failure) -> {
            boolean tokenGiven = failure instanceof InvalidBearerTokenException
                    || request.getHeader("Authorization") != null;
            response.setHeader("WWW-Authenticate", tokenGiven
                    ? "Bearer error=\"invalid_token\", error_description=\"The bearer token is not valid\""
                    : "Bearer");
            write(response, 401, "unauthenticated", "Unauthorized", tokenGiven
                    ? "The bearer token is not valid (signature, issuer, expiry or claims)."
                    : "A bearer token is required.");
        };
    }

    public static AccessDeniedHandler forbidden() {
        return (request, response, denied) -> write(response, 403, "forbidden", "Forbidden",
                "Your role may not do this.");
    }

    public static void write(HttpServletResponse response, int status, String type, String title, String detail)
            throws IOException {
        ObjectNode body = JSON.createObjectNode()
                .put("type", TYPE_BASE + type)
                .put("title", title)
                .put("status", status)
                .put("detail", detail);
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding("UTF-8");
        JSON.writeValue(response.getOutputStream(), body);
    }
}
