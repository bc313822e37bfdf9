package dev.meridian.outcomes.projection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.events.CancellationReason;
import dev.meridian.events.Chronicity;
import dev.meridian.events.CourseOutcome;
import dev.meridian.events.EmotionalPhase;
import dev.meridian.events.Exercise;
import dev.meridian.events.Intensity;
import dev.meridian.events.Side;
import dev.meridian.events.TraumaRelated;
import dev.meridian.outcomes.support.History;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * docs/read-models.md is the contract the analyst API is built on: every field a course outcome document or a
 * dashboard cell holds is named there.
 */
class ReadModelsDocTest {

    private static final Path DOC = Path.of("../../docs/read-models.md");

    @Test
    void everyFieldOfACourseOutcomeAndOfItsSessionsIsDocumented() throws IOException {
        String doc = Files.readString(DOC);
        History history = new History();
        History.Course course = history.openCourse(history.registerPatient("loc-north"), "loc-north", "pr-1",
                Chronicity.CHRONIC, 8, 40);
        course.scheduleSession().start(8).releasePsoas(Side.LEFT, true).retain(25)
                .emotionalResponse(EmotionalPhase.DURING_RELEASE, Intensity.MILD, TraumaRelated.NO).complete(4);
        course.scheduleSession().cancel(CancellationReason.NO_SHOW);
        course.homework(Exercise.PSOAS_STRETCH);
        course.followUp(3, 20);
        course.close(CourseOutcome.IMPROVED, 3);
        Document stored = InMemoryProjection.toBson(InMemoryProjection.of(history.events()).course(course.courseId));
        Document session = (Document) stored.get("sessions", Document.class).values().iterator().next();

        assertThat(undocumented(doc, stored.keySet())).as("course_outcomes fields missing from the doc").isEmpty();
        assertThat(undocumented(doc, session.keySet())).as("session fields missing from the doc").isEmpty();
        for (String nested : List.of("psoasReleases", "emotionalResponses", "homework")) {
            for (String key : stored.get(nested, Document.class).keySet()) {
                assertThat(doc).as("documented: " + nested + "." + key).contains("`" + nested + "." + key + "`");
            }
        }
    }

    @Test
    void everyCounterOfADashboardCellIsDocumented() throws IOException {
        String doc = Files.readString(DOC);
        List<String> missing = new ArrayList<>();
        for (String counter : CellContributions.SCALAR_COUNTERS) {
            String documented = counter.contains(".") ? counter.substring(0, counter.indexOf('.')) + ".<" : counter;
            if (!doc.contains("`" + documented)) {
                missing.add(counter);
            }
        }
        for (String histogram : List.of("sessionsToRelief", "retentionMinutes", "painChange", "baselinePain")) {
            if (!doc.contains("`histograms." + histogram + ".<")) {
                missing.add("histograms." + histogram);
            }
        }
        assertThat(missing).isEmpty();
    }

    private static List<String> undocumented(String doc, Iterable<String> fields) {
        List<String> missing = new ArrayList<>();
        for (String field : fields) {
            if (!doc.contains("`" + field + "`") && !doc.contains("`" + field + ".")) {
                missing.add(field);
            }
        }
        return missing;
    }
}
