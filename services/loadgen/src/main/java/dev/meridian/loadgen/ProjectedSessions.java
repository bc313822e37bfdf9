package dev.meridian.loadgen;

import dev.meridian.events.SessionScheduled;
import dev.meridian.events.envelope.EventEnvelope;
import dev.meridian.local.demo.DemoGenerator;
import dev.meridian.local.demo.DemoParameters;
import dev.meridian.local.demo.PatientScript;
import dev.meridian.outcomes.projection.BulkCourseProjection;
import dev.meridian.outcomes.projection.ReadModelStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills outcomes-service's live read models with generated courses until they hold at least {@code sessions}
 * sessions, for the dashboard queries at scale. Projecting a million sessions through the HTTP API and Kafka would
 * take hours here, so this path skips both: the demo generator's patient scripts (another seed than the load
 * phases, the same clinic network) become the events practice-service would store ({@link ScriptEvents}), and the
 * outcomes projection's own code ({@link BulkCourseProjection}: the projector, the cell contributions and the
 * applier's sequence and version rules) turns them into course documents and cell sums, written in bulk into the
 * database the running outcomes-service reads. Course openings are spread over the {@code months} before now.
 */
final class ProjectedSessions {

    private static final Logger log = LoggerFactory.getLogger(ProjectedSessions.class);
    private static final int BATCH_COURSES = 2000;
    static final String METHOD = "generated course histories (demo generator scripts turned into events) projected "
            + "in memory by outcomes-service's own projection code (BulkCourseProjection: CourseOutcomeProjector, "
            + "CellContributions, the applier's sequence and cell-version rules) and written in bulk "
            + "(insertMany per 2,000 courses, then one update per cell) into the live collections the running "
            + "outcomes-service reads; no HTTP, no Kafka, no event store";

    private ProjectedSessions() {
    }

    /** @param budgetSeconds stop after this long at the sessions reached (0: no limit) */
    static BenchmarkReport.Seeding fill(Benchmark.Targets targets, long sessions, long seed, int months,
                                        int budgetSeconds) {
        if (targets.mongo == null) {
            return new BenchmarkReport.Seeding("not done: no MongoDB connection (--mongodb-uri)", sessions, 0, 0, 0,
                    null, METHOD);
        }
        long start = System.nanoTime();
        BulkCourseProjection projection = new BulkCourseProjection(
                new ReadModelStore(targets.mongo.getDatabase(targets.outcomesDatabase), ""), BATCH_COURSES);
        // Another seed than the load phases' workload; the same network, so the queries' filters find data.
        DemoParameters parameters = DemoParameters.defaults(seed + 7919, Integer.MAX_VALUE);
        DemoGenerator generator = new DemoGenerator(parameters);
        SplittableRandom random = new SplittableRandom(seed * 31 + 17);
        Instant now = Instant.now();
        long spanSeconds = Duration.ofDays(30L * Math.max(1, months)).toSeconds();
        long projected = 0;
        long events = 0;
        long nextLog = sessions / 10;
        long deadline = budgetSeconds <= 0 ? Long.MAX_VALUE : start + budgetSeconds * 1_000_000_000L;
        boolean outOfTime = false;
        for (int patient = 0; projected < sessions; patient++) {
            if (System.nanoTime() > deadline) {
                outOfTime = true;
                break;
            }
            PatientScript script = generator.script(patient);
            Instant openedAt = now.minusSeconds(random.nextLong(spanSeconds));
            for (List<EventEnvelope> course : ScriptEvents.of(script, parameters.now(), parameters.today(), openedAt,
                    random)) {
                projection.add(course);
                events += course.size();
                projected += course.stream().filter(e -> e.event() instanceof SessionScheduled).count();
            }
            if (projected >= nextLog && sessions >= 10_000) {
                log.info("Projected sessions: {} of {} ({} s)", projected, sessions,
                        (System.nanoTime() - start) / 1_000_000_000L);
                nextLog += sessions / 10;
            }
        }
        projection.finish();
        double seconds = Math.round((System.nanoTime() - start) / 1e7) / 100.0;
        log.info("Projected {} sessions in {} courses ({} events) in {} s", projection.sessionsWritten(),
                projection.coursesWritten(), events, seconds);
        String status = outOfTime ? "stopped by the " + budgetSeconds + " s time budget (--projected-budget-seconds) "
                + "at " + projection.sessionsWritten() + " of " + sessions + " sessions" : "done";
        return new BenchmarkReport.Seeding(status, sessions, projection.coursesWritten(),
                projection.sessionsWritten(), events, seconds, METHOD);
    }
}
