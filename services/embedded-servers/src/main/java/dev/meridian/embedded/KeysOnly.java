package dev.meridian.embedded;

import de.bwaldvogel.mongo.bson.Document;
import java.util.List;
import java.util.Set;

/**
 * Lets a unique index answer a query that names all its keys beside other fields ({@code {_id: x, version: 3}}, a
 * write conditional on a document's version). mongo-java-server's unique indexes take only a query of exactly their
 * keys, so such a query scanned the whole collection: some 10 ms a write at 20,000 documents. The fields of a query
 * hold together, so every match has the keys' values: the index gives the candidates and the collection's matcher
 * decides on the whole query, as it does for every query an index answers.
 */
final class KeysOnly {

    private KeysOnly() {
    }

    /** The query's conditions on the index's keys when it names them all and more; otherwise the query itself. */
    static Document of(Document query, Set<String> keySet, List<String> keys) {
        if (query.size() <= keySet.size() || !query.keySet().containsAll(keySet)) {
            return query;
        }
        Document conditions = new Document();
        for (String key : keys) {
            conditions.put(key, query.get(key));
        }
        return conditions;
    }
}
