package dev.meridian.outcomes.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Sends records that cannot be projected to {@code <topic>.DLT}: same key, value and headers, plus headers that
 * say why and where from. Waits for the acknowledgement, so a record's offset is committed only once its dead
 * letter is safe.
 */
@Component
public class DeadLetters implements DisposableBean {

    public static final String REASON = "meridian_dlt_reason";
    public static final String ORIGINAL_TOPIC = "meridian_dlt_original_topic";
    public static final String ORIGINAL_PARTITION = "meridian_dlt_original_partition";
    public static final String ORIGINAL_OFFSET = "meridian_dlt_original_offset";
    public static final String FAILED_AT = "meridian_dlt_failed_at";

    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaClients clients;
    private final Clock clock;
    private Producer<String, byte[]> producer;

    public DeadLetters(KafkaClients clients, Clock clock) {
        this.clients = clients;
        this.clock = clock;
    }

    public void send(ConsumerRecord<String, byte[]> record, String reason) {
        ProducerRecord<String, byte[]> letter = new ProducerRecord<>(clients.deadLetterTopic(), null, record.key(),
                record.value());
        for (Header header : record.headers()) {
            letter.headers().add(header);
        }
        letter.headers().add(REASON, utf8(reason));
        letter.headers().add(ORIGINAL_TOPIC, utf8(record.topic()));
        letter.headers().add(ORIGINAL_PARTITION, utf8(Integer.toString(record.partition())));
        letter.headers().add(ORIGINAL_OFFSET, utf8(Long.toString(record.offset())));
        letter.headers().add(FAILED_AT, utf8(clock.instant().toString()));
        try {
            producer().send(letter).get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientFailure("interrupted while sending a dead letter", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new TransientFailure("dead letter not acknowledged", e);
        }
    }

    private synchronized Producer<String, byte[]> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(clients.producerProperties("outcomes-service-dlt"));
        }
        return producer;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void destroy() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
    }
}
