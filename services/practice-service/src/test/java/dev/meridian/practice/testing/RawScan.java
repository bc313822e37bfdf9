package dev.meridian.practice.testing;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.types.Binary;

/**
 * Everything stored, as text, the way someone with a copy of the database would read it: every document of every
 * collection, binary values decoded as UTF-8 as well, so that a personal string hidden in any representation shows.
 */
public final class RawScan {

    private RawScan() {
    }

    /** One line per document, prefixed by its collection. */
    public static List<String> database(MongoClient client, String database) {
        MongoDatabase db = client.getDatabase(database);
        List<String> lines = new ArrayList<>();
        for (String collection : db.listCollectionNames()) {
            for (Document document : db.getCollection(collection).find()) {
                StringBuilder text = new StringBuilder(collection).append(": ");
                render(document, text);
                lines.add(text.toString());
            }
        }
        return lines;
    }

    private static void render(Object value, StringBuilder out) {
        if (value instanceof Map<?, ?> map) {
            out.append('{');
            map.forEach((k, v) -> {
                out.append(k).append('=');
                render(v, out);
                out.append(", ");
            });
            out.append('}');
        } else if (value instanceof Collection<?> list) {
            out.append('[');
            list.forEach(v -> {
                render(v, out);
                out.append(", ");
            });
            out.append(']');
        } else if (value instanceof Binary binary) {
            out.append(new String(binary.getData(), StandardCharsets.UTF_8));
        } else if (value instanceof byte[] bytes) {
            out.append(new String(bytes, StandardCharsets.UTF_8));
        } else {
            out.append(value);
        }
    }
}
