package dev.meridian.practice.infrastructure;

import com.mongodb.client.MongoClient;
import java.time.Clock;
import java.time.Duration;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.WeakReferenceCache;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.MongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.MongoEventStorageEngine;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.documentperevent.EventEntryConfiguration;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.mongo.MongoProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Axon's event store, snapshots and tracking tokens in MongoDB (axon-mongo core; its Spring Boot autoconfigure is
 * not served at our version, so the beans are wired here). No transactions are assumed: the embedded
 * wire-protocol server has none, and real MongoDB is not asked for multi-document ones.
 */
@Configuration(proxyBeanMethods = false)
public class AxonMongoConfiguration {

    /** A session stream is short; patients and courses grow slowly. Snapshots bound the replay of any of them. */
    static final int SNAPSHOT_AFTER_EVENTS = 50;

    @Bean
    public MongoTemplate axonMongoTemplate(MongoClient client, MongoProperties mongo) {
        return DefaultMongoTemplate.builder()
                .mongoDatabase(client, mongo.getMongoClientDatabase())
                .build();
    }

    @Bean
    public TransactionManager axonTransactionManager() {
        return NoTransactionManager.INSTANCE;
    }

    @Bean
    public EventStorageEngine eventStorageEngine(MongoTemplate axonMongoTemplate, Serializer serializer,
                                                 @Qualifier("eventSerializer") Serializer eventSerializer,
                                                 @Value("${meridian.event-store.look-back:PT1S}") Duration lookBack,
                                                 @Value("${meridian.event-store.batch-size:1000}") int batchSize,
                                                 @Value("${meridian.event-store.tail-poll-interval:PT0.01S}")
                                                 Duration tailPollInterval) {
        MongoEventStorageEngine.Builder builder = MongoEventStorageEngine.builder()
                .mongoTemplate(axonMongoTemplate)
                // Events per tracking query. Each query reads back the look-back window whatever it returns, so
                // the cost is largely per query: Axon's default of 100 made a processor catching up query ten
                // times as often (docs/benchmarks).
                .batchSize(batchSize)
                .storageStrategy(new WindowSharingStorageStrategy(EventEntryConfiguration.getDefault(), lookBack))
                .eventSerializer(eventSerializer)
                .snapshotSerializer(serializer)
                .transactionManager(NoTransactionManager.INSTANCE);
        MongoEventStorageEngine engine = new TailPacedMongoEventStorageEngine(builder,
                new TailPollPacing(tailPollInterval));
        // The unique (aggregateIdentifier, sequenceNumber) index is what turns a lost race into a
        // ConcurrencyException instead of a duplicate event.
        engine.ensureIndexes();
        return engine;
    }

    /**
     * The event store as Axon's auto-configuration makes it, with fewer recent events kept in memory for the tracking
     * processors (decision 0014). The processors tail the store within a few hundred events; one that falls further
     * behind reads the store. (When each kept event's token held its own copy of the look-back window, Axon's default
     * of 10,000 held about 5 million map entries, 250 MB of the heap; the tokens now share it, decision 0020.)
     */
    @Bean
    public EmbeddedEventStore eventStore(EventStorageEngine storageEngine,
                                         org.axonframework.config.Configuration configuration,
                                         @Value("${meridian.event-store.cached-events:3000}") int cachedEvents) {
        return EmbeddedEventStore.builder()
                .storageEngine(storageEngine)
                .messageMonitor(configuration.messageMonitor(EventStore.class, "eventStore"))
                .spanFactory(configuration.getComponent(EventBusSpanFactory.class))
                .cachedEvents(cachedEvents)
                .build();
    }

    @Bean
    public TokenStore tokenStore(MongoTemplate axonMongoTemplate, Serializer serializer) {
        return MongoTokenStore.builder()
                .mongoTemplate(axonMongoTemplate)
                .serializer(serializer)
                .transactionManager(NoTransactionManager.INSTANCE)
                .build();
    }

    /*
     * One cache per aggregate type. A cache is keyed by aggregate id alone: with one shared cache, a command sent to
     * a session with a course's id (a client's mistake) found the cached course and failed with "no handler" (500)
     * instead of 404. With AggregateStreamTypeCheck (a stream of another type loads as "not found"), an id of the
     * wrong kind is simply unknown, and nothing is ever appended to another aggregate type's stream.
     */
    @Bean
    public Cache patientCache(@Value("${meridian.aggregate-cache.size:10000}") int size) {
        return aggregateCache(size);
    }

    @Bean
    public Cache courseCache(@Value("${meridian.aggregate-cache.size:10000}") int size) {
        return aggregateCache(size);
    }

    @Bean
    public Cache sessionCache(@Value("${meridian.aggregate-cache.size:10000}") int size) {
        return aggregateCache(size);
    }

    /**
     * The most recently used {@code size} aggregates of a type, strongly held (see {@link BoundedAggregateCache} for
     * why not a weak-reference cache); 0 restores Axon's {@code WeakReferenceCache} (to compare, or to save memory).
     */
    static Cache aggregateCache(int size) {
        return size <= 0 ? new WeakReferenceCache() : new BoundedAggregateCache(size);
    }

    @Bean
    public SnapshotTriggerDefinition aggregateSnapshotTrigger(Snapshotter snapshotter) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, SNAPSHOT_AFTER_EVENTS);
    }

    /** Aggregates take the time from this clock (an injectable resource), so tests can fix "today". */
    @Bean
    public Clock clock() {
        return Clock.systemUTC();
    }
}
