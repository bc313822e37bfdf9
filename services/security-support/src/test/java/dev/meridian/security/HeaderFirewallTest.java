package dev.meridian.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.StrictHttpFirewall;

class HeaderFirewallTest {

    @Test
    void allowsTheHeaderValuesSpringsExpressionAllowsForEveryCodePoint() {
        for (int codePoint = 0; codePoint <= Character.MAX_CODE_POINT; codePoint++) {
            String value = "a" + new String(Character.toChars(codePoint)) + "b";
            assertThat(HeaderFirewall.ALLOWED_HEADER_VALUES.test(value)).as("U+%04X", codePoint)
                    .isEqualTo(StrictHttpFirewall.ALLOWED_HEADER_VALUES.test(value));
        }
    }

    @Test
    void allowsTheHeaderValuesSpringsExpressionAllowsForRandomStrings() {
        SplittableRandom random = new SplittableRandom(11);
        char[] alphabet = {'a', ' ', '\t', '\n', '\u0000', '\u007f', '\u0085', '\u00e9', '\u0378', '\ud83d', '\ude00',
                '\ufffe', '\u200b'};
        for (int i = 0; i < 20_000; i++) {
            StringBuilder value = new StringBuilder();
            for (int length = random.nextInt(8); length > 0; length--) {
                value.append(alphabet[random.nextInt(alphabet.length)]);
            }
            assertThat(HeaderFirewall.ALLOWED_HEADER_VALUES.test(value.toString())).as(value.toString())
                    .isEqualTo(StrictHttpFirewall.ALLOWED_HEADER_VALUES.test(value.toString()));
        }
    }

    @Test
    void theFirewallRefusesAControlCharacterInAHeaderAndPassesAToken() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/outcomes/summary");
        request.addHeader("Authorization", "Bearer " + "x".repeat(750));
        request.addHeader("X-Note", "bell\u0007");

        var firewalled = HeaderFirewall.strict().getFirewalledRequest(request);

        assertThat(firewalled.getHeader("Authorization")).hasSize(757);
        assertThatThrownBy(() -> firewalled.getHeader("X-Note")).isInstanceOf(RequestRejectedException.class);
    }
}
