package dev.meridian.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LocalStackOptionsTest {

    @Test
    void without_options_the_stack_keeps_data_in_dot_data_seeds_the_demo_and_uses_the_standard_ports() {
        LocalStackOptions o = LocalStackOptions.parse();
        assertThat(o.dataDir()).isEqualTo(Path.of("data"));
        assertThat(o.fresh()).isFalse();
        assertThat(o.demoData()).isTrue();
        assertThat(o.practicePort()).isEqualTo(8080);
        assertThat(o.outcomesPort()).isEqualTo(8081);
        assertThat(o.patients()).isPositive();
    }

    @Test
    void options_take_their_value_after_a_space_or_an_equals_sign() {
        LocalStackOptions o = LocalStackOptions.parse("--data-dir", "/tmp/m", "--fresh", "--patients=25",
                "--seed", "7", "--practice-port=9080", "--outcomes-port", "9081", "--no-demo-data", "--workers=4");
        assertThat(o.dataDir()).isEqualTo(Path.of("/tmp/m"));
        assertThat(o.fresh()).isTrue();
        assertThat(o.demoData()).isFalse();
        assertThat(o.patients()).isEqualTo(25);
        assertThat(o.seed()).isEqualTo(7);
        assertThat(o.practicePort()).isEqualTo(9080);
        assertThat(o.outcomesPort()).isEqualTo(9081);
        assertThat(o.workers()).isEqualTo(4);
    }

    @Test
    void unknown_or_malformed_options_are_refused_with_a_message_for_the_user() {
        assertThatThrownBy(() -> LocalStackOptions.parse("--patiens", "3"))
                .hasMessageContaining("Unknown option: --patiens");
        assertThatThrownBy(() -> LocalStackOptions.parse("--patients", "many"))
                .hasMessageContaining("--patients must be a whole number");
        assertThatThrownBy(() -> LocalStackOptions.parse("--data-dir"))
                .hasMessageContaining("--data-dir needs a value");
        assertThatThrownBy(() -> LocalStackOptions.parse("--practice-port", "70000"))
                .hasMessageContaining("between 0 and 65535");
        assertThatThrownBy(() -> LocalStackOptions.parse("--practice-port", "9000", "--outcomes-port", "9000"))
                .hasMessageContaining("must differ");
    }

    @Test
    void help_is_an_option_and_the_usage_names_every_option() {
        assertThat(LocalStackOptions.parse("--help").help()).isTrue();
        assertThat(LocalStackOptions.USAGE).contains("--data-dir", "--fresh", "--no-demo-data", "--patients",
                "--practice-port", "--outcomes-port");
    }
}
