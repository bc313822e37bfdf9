package dev.meridian.practice.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.IntStream;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.MongoTrackingToken;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The tokens a {@link LookBackWindow} hands out are the ones axon-mongo's {@link MongoTrackingToken#advanceTo} gives
 * for the same events: equal both ways, the same window in the same order, the same timestamp, the same stored form,
 * and the same answers to the processors' token arithmetic. The events are generated (seeded): mostly in order, some
 * committed late (older than the newest timestamp, some beyond the look-back time), some after long pauses.
 */
class LookBackWindowTest {

    static final Duration LOOK_BACK = Duration.ofSeconds(1);
    static final JacksonSerializer TOKEN_SERIALIZER = JacksonSerializer.defaultSerializer();

    record Event(String id, Instant timestamp) {
    }

    static List<Event> events(long seed, int count) {
        Random random = new Random(seed);
        List<Event> events = new ArrayList<>();
        long now = Instant.parse("2026-11-02T09:00:00Z").toEpochMilli();
        for (int i = 0; i < count; i++) {
            int dice = random.nextInt(100);
            long at = dice < 3 ? now - random.nextInt(2500)        // committed late, maybe beyond the look-back
                    : dice < 5 ? now + 1000 + random.nextInt(5000)  // after a pause longer than the look-back
                    : now + random.nextInt(12);                      // the usual: a few milliseconds apart
            now = Math.max(now, at);
            events.add(new Event(UUID.randomUUID().toString(), Instant.ofEpochMilli(at)));
        }
        return events;
    }

    /** The tokens axon-mongo gives, event after event, from {@code start} (null: the beginning). */
    static List<MongoTrackingToken> advancedByAxon(MongoTrackingToken start, List<Event> events) {
        List<MongoTrackingToken> tokens = new ArrayList<>();
        MongoTrackingToken token = start;
        for (Event event : events) {
            token = token == null
                    ? MongoTrackingToken.of(event.timestamp(), event.id())
                    : token.advanceTo(event.timestamp(), event.id(), LOOK_BACK);
            tokens.add(token);
        }
        return tokens;
    }

    static List<MongoTrackingToken> advancedByWindow(MongoTrackingToken start, List<Event> events) {
        LookBackWindow window = LookBackWindow.after(start, events.size());
        return events.stream().map(event -> window.advanceTo(event.timestamp(), event.id(), LOOK_BACK)).toList();
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 2026})
    void every_token_is_the_one_axon_mongo_gives(long seed) {
        List<Event> events = events(seed, 2_000);

        List<MongoTrackingToken> expected = advancedByAxon(null, events);
        List<MongoTrackingToken> shared = advancedByWindow(null, events);

        for (int i = 0; i < events.size(); i++) {
            assertSameToken(shared.get(i), expected.get(i));
        }
        // The generated events did exercise the trimming, late events and pauses.
        assertThat(expected).extracting(t -> t.getTrackedEvents().size()).contains(1).anyMatch(size -> size > 100);
        assertThat(IntStream.range(0, events.size())).anyMatch(i -> events.get(i).timestamp().plus(LOOK_BACK)
                .isBefore(expected.get(i).getTimestamp()));
    }

    @Test
    void a_window_continues_from_a_token_read_back_from_the_token_store_or_from_another_window() {
        List<Event> events = events(7, 900);
        List<MongoTrackingToken> expected = advancedByAxon(null, events);

        MongoTrackingToken stored = roundTrip(advancedByWindow(null, events.subList(0, 300)).get(299));
        List<MongoTrackingToken> fromStored = advancedByWindow(stored, events.subList(300, 600));
        List<MongoTrackingToken> fromWindow = advancedByWindow(fromStored.get(299), events.subList(600, 900));

        for (int i = 0; i < 300; i++) {
            assertSameToken(fromStored.get(i), expected.get(300 + i));
            assertSameToken(fromWindow.get(i), expected.get(600 + i));
        }
    }

    @Test
    void the_token_store_writes_what_it_wrote_for_axon_mongos_tokens() {
        List<Event> events = events(11, 500);
        MongoTrackingToken axon = advancedByAxon(null, events).get(499);
        MongoTrackingToken shared = advancedByWindow(null, events).get(499);

        SerializedObject<String> written = TOKEN_SERIALIZER.serialize(shared, String.class);

        assertThat(written.getData()).isEqualTo(TOKEN_SERIALIZER.serialize(axon, String.class).getData());
        assertThat(written.getType().getName()).isEqualTo(MongoTrackingToken.class.getName());
        assertThat((Object) TOKEN_SERIALIZER.deserialize(written)).isEqualTo(axon);
    }

    @Test
    void java_serialization_writes_the_window_alone_not_the_log() throws Exception {
        List<Event> events = events(5, 1_000);
        MongoTrackingToken shared = advancedByWindow(null, events).get(999);

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(shared);
        }
        Object read;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            read = in.readObject();
        }

        assertThat(read).isEqualTo(advancedByAxon(null, events).get(999));
        assertThat(bytes.size()).isLessThan(200 * shared.getTrackedEvents().size());
    }

    @Test
    void the_processors_token_arithmetic_answers_as_for_axon_mongos_tokens() {
        List<Event> events = events(13, 600);
        List<MongoTrackingToken> expected = advancedByAxon(null, events);
        List<MongoTrackingToken> shared = advancedByWindow(null, events);

        for (int[] pair : new int[][] {{100, 101}, {250, 590}, {599, 3}, {400, 400}}) {
            MongoTrackingToken a = shared.get(pair[0]);
            MongoTrackingToken b = shared.get(pair[1]);
            MongoTrackingToken axonA = expected.get(pair[0]);
            MongoTrackingToken axonB = expected.get(pair[1]);
            assertThat(a.covers(b)).isEqualTo(axonA.covers(axonB));
            assertThat(a.covers(axonB)).isEqualTo(axonA.covers(axonB));
            assertThat(a.lowerBound(b)).isEqualTo(axonA.lowerBound(axonB));
            assertThat(a.upperBound(b)).isEqualTo(axonA.upperBound(axonB));
        }
    }

    @Test
    void an_event_in_the_log_is_not_tracked_twice() {
        List<Event> events = events(17, 3);
        LookBackWindow window = LookBackWindow.after(null, 3);
        events.forEach(e -> window.advanceTo(e.timestamp(), e.id(), LOOK_BACK));

        assertThat(window.knows(events.get(0).id())).isTrue();
        assertThat(window.knows(UUID.randomUUID().toString())).isFalse();
        assertThatThrownBy(() -> window.advanceTo(events.get(1).timestamp(), events.get(1).id(), LOOK_BACK))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(events.get(1).id());
    }

    static void assertSameToken(MongoTrackingToken actual, MongoTrackingToken expected) {
        assertThat(actual).isEqualTo(expected);
        assertThat(expected).isEqualTo(actual);
        assertThat(actual.hashCode()).isEqualTo(expected.hashCode());
        assertThat(actual.getTimestamp()).isEqualTo(expected.getTimestamp());
        assertThat(List.copyOf(actual.getTrackedEvents().entrySet()))
                .containsExactlyElementsOf(List.copyOf(expected.getTrackedEvents().entrySet()));
        assertThat(actual.getKnownEventIds()).isEqualTo(expected.getKnownEventIds());
        for (String id : expected.getKnownEventIds()) {
            assertThat(actual.getKnownEventIds()).contains(id);
        }
    }

    static MongoTrackingToken roundTrip(TrackingToken token) {
        return TOKEN_SERIALIZER.deserialize(TOKEN_SERIALIZER.serialize(token, String.class));
    }
}
