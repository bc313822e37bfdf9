package dev.meridian.practice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.events.EventTypes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/events.md is the catalogue taken from the code: it names every published event type. */
class EventCatalogueDocTest {

    @Test
    void the_catalogue_lists_every_published_event_type() throws IOException {
        // Surefire runs in the module directory; the docs are at the repository root.
        String catalogue = Files.readString(Path.of("../../docs/events.md"));

        assertThat(EventTypes.all()).allSatisfy(event -> {
            assertThat(catalogue).contains("| `" + event.getSimpleName() + "` |");
            assertThat(catalogue).contains("`" + EventTypes.typeOf(event) + "`");
        });
    }
}
