package dev.meridian.outcomes;

import dev.meridian.events.envelope.CloudEventsKafkaCodec;
import dev.meridian.outcomes.projection.EventApplier;
import dev.meridian.outcomes.projection.GapListener;
import dev.meridian.outcomes.projection.ProjectionMetrics;
import dev.meridian.outcomes.projection.ReadModelStore;
import dev.meridian.outcomes.rebuild.ProjectionRebuild;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.data.mongodb.MongoDatabaseFactory;

@Configuration(proxyBeanMethods = false)
class OutcomesConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    CloudEventsKafkaCodec cloudEventsKafkaCodec() {
        return new CloudEventsKafkaCodec();
    }

    /** The live collections (no suffix): what the analyst API reads. */
    @Bean
    ReadModelStore liveReadModels(MongoDatabaseFactory mongo) {
        return new ReadModelStore(mongo.getMongoDatabase(), "");
    }

    @Bean
    EventApplier liveApplier(ReadModelStore liveReadModels, MeterRegistry registry, @Lazy GapListener gaps,
                             CloudEventsKafkaCodec codec, Clock clock,
                             @Value("${meridian.outcomes.cells.marker-grace:PT10M}") Duration markerGrace) {
        return new EventApplier(liveReadModels, new ProjectionMetrics(registry, "live"), gaps, codec, clock,
                markerGrace);
    }

    /** The projections whose parking lots the gap healer sweeps: the live one, and a rebuild's while it runs. */
    @Bean
    Supplier<List<EventApplier>> projections(EventApplier liveApplier, ObjectProvider<ProjectionRebuild> rebuild) {
        return () -> {
            List<EventApplier> all = new ArrayList<>();
            all.add(liveApplier);
            ProjectionRebuild running = rebuild.getIfAvailable();
            if (running != null) {
                running.currentApplier().ifPresent(all::add);
            }
            return all;
        };
    }
}
