package dev.meridian.outcomes.projection;

import dev.meridian.events.AggregateType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bson.Document;

/**
 * An event held back because an earlier event of its aggregate has not been applied yet. Kept as the record
 * arrived (headers and de-identified JSON body), so it decodes exactly as it would have from the topic.
 */
public record ParkedEvent(AggregateType aggregateType, String aggregateId, long sequence, long expectedSequence,
                          String eventType, Instant parkedAt, Map<String, byte[]> headers, byte[] body) {

    public static String idOf(String aggregateId, long sequence) {
        return aggregateId + ":" + sequence;
    }

    public String id() {
        return idOf(aggregateId, sequence);
    }

    Document toDocument() {
        Document headerDoc = new Document();
        headers.forEach((name, value) -> headerDoc.append(name, new String(value, StandardCharsets.UTF_8)));
        return new Document("_id", id())
                .append("aggregateType", aggregateType.name())
                .append("aggregateId", aggregateId)
                .append("sequence", sequence)
                .append("expectedSequence", expectedSequence)
                .append("eventType", eventType)
                .append("parkedAt", parkedAt.toString())
                .append("headers", headerDoc)
                .append("body", new String(body, StandardCharsets.UTF_8));
    }

    static ParkedEvent fromDocument(Document doc) {
        Map<String, byte[]> headers = new LinkedHashMap<>();
        doc.get("headers", Document.class)
                .forEach((name, value) -> headers.put(name, String.valueOf(value).getBytes(StandardCharsets.UTF_8)));
        return new ParkedEvent(AggregateType.valueOf(doc.getString("aggregateType")), doc.getString("aggregateId"),
                ((Number) doc.get("sequence")).longValue(), ((Number) doc.get("expectedSequence")).longValue(),
                doc.getString("eventType"), Instant.parse(doc.getString("parkedAt")), headers,
                doc.getString("body").getBytes(StandardCharsets.UTF_8));
    }
}
