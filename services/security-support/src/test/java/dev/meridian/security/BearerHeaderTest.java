package dev.meridian.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

class BearerHeaderTest {

    private final BearerTokenResolver ours = new BearerHeader();
    private final BearerTokenResolver springs = new DefaultBearerTokenResolver();

    @Test
    void findsWhatSpringFindsAndRefusesWhatSpringRefuses() {
        List<String> headers = new ArrayList<>(List.of("Bearer abc.DEF-ghi_jkl~mno+pqr/stu==", "bearer x", "BEARER x",
                "BeArEr x=", "Bearer x==", "Bearer", "Bearer ", "Bearer  x", "Bearer x ", " Bearer x", "Bearer =x",
                "Bearer ab=c", "Bearer ab c", "Bearerabc", "Bearer é", "Bearer x\u0000", "Basic dXNlcjpwYXNz",
                "bearer", "Bear x", "Bearer\tx", "Bearer ΑΒΓ", "Bearer x=y="));
        SplittableRandom random = new SplittableRandom(7);
        String alphabet = "aZ09-._~+/= \tBbEeRr\u00e9\u212a";
        for (int i = 0; i < 3_000; i++) {
            StringBuilder header = new StringBuilder(random.nextInt(4) == 0 ? "" : "Bearer ");
            for (int length = random.nextInt(12); length > 0; length--) {
                header.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            headers.add(header.toString());
        }
        for (String header : headers) {
            MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/patients");
            request.addHeader("Authorization", header);
            request.setContentType("application/json");
            assertThat(outcome(ours, request)).as(header).isEqualTo(outcome(springs, request));
        }
    }

    @Test
    void leavesTokensInQueriesAndFormsToSpring() {
        MockHttpServletRequest query = new MockHttpServletRequest("GET", "/api/outcomes/summary");
        query.setQueryString("access_token=abc");
        query.addParameter("access_token", "abc");
        query.addHeader("Authorization", "Bearer abc");
        MockHttpServletRequest form = new MockHttpServletRequest("POST", "/api/patients");
        form.setContentType("application/x-www-form-urlencoded; charset=UTF-8");
        form.addParameter("access_token", "abc");
        form.addHeader("Authorization", "Bearer abc");
        MockHttpServletRequest otherQuery = new MockHttpServletRequest("GET", "/api/outcomes/summary");
        otherQuery.setQueryString("groupBy=chronicity");
        otherQuery.addParameter("groupBy", "chronicity");
        otherQuery.addHeader("Authorization", "Bearer abc");

        for (MockHttpServletRequest request : List.of(query, form, otherQuery)) {
            assertThat(outcome(ours, request)).isEqualTo(outcome(springs, request));
        }
        assertThat(outcome(ours, query)).as("Spring reads no token from a query unless told to")
                .isEqualTo("token abc");
        assertThat(outcome(ours, otherQuery)).isEqualTo("token abc");
    }

    @Test
    void aRequestWithoutATokenHasNone() {
        assertThat(ours.resolve(new MockHttpServletRequest("GET", "/api/outcomes/summary"))).isNull();
    }

    private static String outcome(BearerTokenResolver resolver, MockHttpServletRequest request) {
        try {
            return "token " + resolver.resolve(request);
        } catch (OAuth2AuthenticationException refused) {
            return "refused " + refused.getError().getErrorCode() + ": " + refused.getError().getDescription();
        }
    }
}
