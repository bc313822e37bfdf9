package dev.meridian.loadgen;

import dev.meridian.loadgen.LatencyRecorder.Percentiles;
import java.util.List;

/**
 * Everything one benchmark run measured, as written to JSON. A figure that could not be measured is {@code null}
 * with a status saying why; nothing is estimated.
 */
public record BenchmarkReport(String title, String startedAt, MachineInfo machine, Setup setup, Phase steady,
                              Phase flatOut, Dashboard dashboard, Rebuild rebuild, RawCeilings rawCeilings,
                              Store store, Long peakRssMiB, List<Goal> goals, List<String> notes) {

    /**
     * @param mode          {@code in-process} (the local stack started by the benchmark) or {@code external}
     * @param mongo         what served MongoDB
     * @param kafka         what served Kafka
     * @param seed          demo generator seed of the workload
     * @param workers       concurrent HTTP clients
     * @param warmupSeconds flat out before the measured phases, not measured
     */
    public record Setup(String mode, String mongo, String kafka, long seed, int steadyRate, int steadySeconds,
                        int flatOutSeconds, int workers, String workload, int warmupSeconds) {
    }

    /**
     * One load phase.
     *
     * @param targetRate              commands/s asked for; null for flat out
     * @param accepted                2xx answers
     * @param refused                 4xx answers (the workload is valid, so these are failures of the system)
     * @param failed                  5xx answers and requests without an answer
     * @param acceptedPerSecondMedian median over the full one-second windows
     * @param http                    HTTP latency of every answered request
     * @param lag                     command -> visible in outcomes-service
     * @param lagNotVisible           tracked commands not visible within two minutes
     * @param cpuShare                CPU time the process used during the phase (with {@code --stack-pid}, the
     *                                stack's and the load generator's processes) / (wall time x cores): how much
     *                                of the machine the system under test actually had (others share it)
     * @param acceptedPerCpuSecond    accepted commands per CPU second of the process: less sensitive to other
     *                                load on a shared machine than commands/s
     * @param loadAverage             the machine's load averages (1, 5, 15 min) at the end of the phase
     */
    public record Phase(String name, Integer targetRate, int seconds, long accepted, long refused, long failed,
                        double acceptedPerSecondMedian, Percentiles http, Percentiles lag, int lagNotVisible,
                        Double cpuShare, Double acceptedPerCpuSecond, String loadAverage,
                        List<Timeline.Point> timeline) {
    }

    /**
     * @param status            {@code measured}, or why not
     * @param projectedCourses  courses in the outcomes read model when queried
     * @param projectedSessions sessions (scheduled) in the outcomes read model when queried
     * @param seeding           how the read models were filled beyond the load phases (null: not filled)
     * @param queries           each query's own latencies
     * @param budgetNote        what was not timed (a time budget reached, answers other than 200), or null
     * @param peakRssMiB        the process's peak RSS after the seeding and the queries (includes the seeding)
     */
    public record Dashboard(String status, Long projectedCourses, Long projectedSessions, Percentiles summary,
                            Percentiles courses, Seeding seeding, List<QueryTiming> queries, String budgetNote,
                            Long peakRssMiB) {

        public Dashboard(String status, Long projectedCourses, Long projectedSessions, Percentiles summary,
                         Percentiles courses) {
            this(status, projectedCourses, projectedSessions, summary, courses, null, List.of(), null, null);
        }

        public Dashboard withSeeding(Seeding seeding, Long peakRssMiB) {
            return new Dashboard(status, projectedCourses, projectedSessions, summary, courses, seeding, queries,
                    budgetNote, peakRssMiB);
        }
    }

    /**
     * How the outcomes read models were filled for the dashboard queries (see ProjectedSessions).
     *
     * @param requestedSessions what {@code --projected-sessions} asked for
     * @param courses           course documents written
     * @param sessions          sessions (scheduled) in them
     * @param events            generated events projected
     * @param seconds           time taken, generation and writes
     * @param method            how, in words
     */
    public record Seeding(String status, long requestedSessions, long courses, long sessions, long events,
                          Double seconds, String method) {
    }

    /** One query of the dashboard phase and its latencies. */
    public record QueryTiming(String query, Percentiles latency) {
    }

    /**
     * Projection rebuild from offset 0: the fastest of the rebuilds timed one after the other (decision 0030).
     *
     * @param readSeconds     from the start until it first caught up with the topic (the service's clock), or null
     * @param writeSeconds    from then until it had written what it held in memory, or null
     * @param eachPerSecond   events/s of every rebuild timed, in order (the first is the one a service that was just
     *                        started runs); empty when none completed
     */
    public record Rebuild(String status, Long events, Double seconds, Double eventsPerSecond, Double readSeconds,
                          Double writeSeconds, List<Double> eachPerSecond) {

        public Rebuild {
            eachPerSecond = List.copyOf(eachPerSecond);
        }

        Rebuild(String status, Long events, Double seconds, Double eventsPerSecond, Double readSeconds,
                Double writeSeconds) {
            this(status, events, seconds, eventsPerSecond, readSeconds, writeSeconds,
                    eventsPerSecond == null ? List.of() : List.of(eventsPerSecond));
        }

        Rebuild(String status, Long events, Double seconds, Double eventsPerSecond) {
            this(status, events, seconds, eventsPerSecond, null, null);
        }

        /** The same rebuild with every timed rebuild's rate ({@code each}, in order): it is the fastest of them. */
        Rebuild withEachPerSecond(List<Double> each) {
            return new Rebuild(status, events, seconds, eventsPerSecond, readSeconds, writeSeconds, each);
        }

        /** The first rebuild's events/s, or null. */
        Double firstPerSecond() {
            return eachPerSecond.isEmpty() ? null : eachPerSecond.get(0);
        }
    }

    /**
     * The same machine's and servers' ceilings.
     *
     * @param mongoInsertOnePerSecond  documents/s inserted one at a time, one thread, with the same driver
     * @param mongoInsertManyPerSecond documents/s inserted in batches of 500
     * @param kafkaConsumePerSecond    records/s of the events topic read from offset 0 by a bare consumer
     */
    public record RawCeilings(String status, Double mongoInsertOnePerSecond, Double mongoInsertManyPerSecond,
                              Double kafkaConsumePerSecond, Long kafkaRecords) {
    }

    /**
     * @param events       events in the event store at the end
     * @param topicRecords records in the events topic at the end
     */
    public record Store(Long events, Long topicRecords) {
    }

    /** One goal of issue 5 next to what this run measured; {@code met} is null when not measured. */
    public record Goal(String figure, String goal, String measured, Boolean met, String note) {
    }
}
