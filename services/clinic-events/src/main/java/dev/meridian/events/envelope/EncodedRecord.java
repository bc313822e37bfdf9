package dev.meridian.events.envelope;

import java.util.Map;

/** A Kafka record before it meets a client: key, headers in order, JSON body. Free of any Kafka dependency. */
public record EncodedRecord(String key, Map<String, byte[]> headers, byte[] value) {

    public EncodedRecord {
        headers = Map.copyOf(headers);
    }
}
