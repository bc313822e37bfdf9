package dev.meridian.embedded;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * A non-unique secondary index for the embedded server, kept in memory in the order of its first key, that answers
 * range and equality conditions on that key. mongo-java-server builds no secondary index at all (every query that is
 * not an {@code _id} look-up scans its collection); this one exists so that the one query shape that grows with the
 * store, "events after this timestamp" from every streaming processor's poll, reads the tail instead of the whole
 * event collection, as it does on real MongoDB. See docs/decisions/0007-embedded-ordered-index.md.
 *
 * <p>The index only narrows: it hands the server a superset of the documents that can match (those whose first-key
 * value lies in the asked range, plus every document it cannot order: value missing, null, an array or a
 * sub-document), and the server's own matcher then applies the whole query, sort and limit as it does after a scan.
 * The order is the server's own {@link ValueComparator}, the comparison its matcher uses for {@code $gt}, {@code $gte},
 * {@code $lt} and {@code $lte}, so no document the matcher would accept can fall outside the range. Other keys of a
 * compound index are left to the matcher. Kept in memory and rebuilt from the documents when the store is opened.
 *
 * <p>Calls come from the owning collection, whose writes and queries mongo-java-server serializes; the methods are
 * synchronized all the same so that no reader ever sees the maps half-updated.
 */
final class OrderedIndex<P> extends Index<P> {

    private static final Comparator<Object> ORDER = ValueComparator.asc();

    private final String field;
    private final NavigableMap<Object, Set<P>> positionsByValue = new TreeMap<>(ORDER);
    /** Documents whose value cannot be ordered: returned to every query, the matcher decides. */
    private final Set<P> unordered = new LinkedHashSet<>();
    /** What each document was indexed under, by {@code _id}, to find it again on update and removal. */
    private final Map<Object, Entry<P>> entriesById = new HashMap<>();

    private record Entry<P>(Object value, P position) {
    }

    OrderedIndex(String name, List<IndexKey> keys, boolean sparse) {
        super(name, keys, sparse);
        this.field = keys.get(0).getKey();
    }

    @Override
    public synchronized P getPosition(Document document) {
        Entry<P> entry = entriesById.get(idOf(document));
        return entry == null ? null : entry.position();
    }

    @Override
    public void checkAdd(Document document, MongoCollection<P> collection) {
        // Not unique: any document may be added.
    }

    @Override
    public synchronized void add(Document document, P position, MongoCollection<P> collection) {
        Object value = Utils.getSubdocumentValue(document, field);
        Entry<P> entry = new Entry<>(orderable(value) ? value : null, position);
        Entry<P> previous = entriesById.put(idOf(document), entry);
        if (previous != null) {
            forget(previous);
        }
        if (entry.value() == null) {
            unordered.add(position);
        } else {
            positionsByValue.computeIfAbsent(entry.value(), v -> new LinkedHashSet<>()).add(position);
        }
    }

    @Override
    public synchronized P remove(Document document) {
        Entry<P> entry = entriesById.remove(idOf(document));
        if (entry == null) {
            return null;
        }
        forget(entry);
        return entry.position();
    }

    @Override
    public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<P> collection) {
        // Not unique: any update is allowed.
    }

    @Override
    public synchronized void updateInPlace(Document oldDocument, Document newDocument, P position,
                                           MongoCollection<P> collection) {
        remove(oldDocument);
        add(newDocument, position, collection);
    }

    @Override
    public boolean canHandle(Document query) {
        return Range.of(query, field) != null;
    }

    @Override
    public synchronized Iterable<P> getPositions(Document query) {
        Range range = Range.of(query, field);
        List<P> positions = new ArrayList<>();
        range.select(positionsByValue).values().forEach(positions::addAll);
        positions.addAll(unordered);
        return positions;
    }

    @Override
    public synchronized long getCount() {
        return entriesById.size();
    }

    @Override
    public long getDataSize() {
        return getCount();
    }

    @Override
    public synchronized void drop() {
        positionsByValue.clear();
        unordered.clear();
        entriesById.clear();
    }

    private void forget(Entry<P> entry) {
        if (entry.value() == null) {
            unordered.remove(entry.position());
            return;
        }
        Set<P> positions = positionsByValue.get(entry.value());
        if (positions != null) {
            positions.remove(entry.position());
            if (positions.isEmpty()) {
                positionsByValue.remove(entry.value());
            }
        }
    }

    private static Object idOf(Document document) {
        return Missing.ofNullable(document.get("_id"));
    }

    /** Scalars of one BSON type each, which the server's comparator orders consistently with its matcher. */
    static boolean orderable(Object value) {
        return value instanceof String || value instanceof Number || value instanceof Instant
                || value instanceof ObjectId || value instanceof Boolean;
    }

    /** The bounds a query puts on the indexed field, or null if it puts none this index can use. */
    record Range(Object lower, boolean lowerInclusive, Object upper, boolean upperInclusive) {

        static Range of(Document query, String field) {
            Object condition = conditionOn(query, field);
            if (condition instanceof Document operators) {
                return fromOperators(operators);
            }
            return orderable(condition) ? new Range(condition, true, condition, true) : null;
        }

        /** The field's condition at the top level, or in one of a top-level {@code $and}'s terms. */
        private static Object conditionOn(Document query, String field) {
            if (query.containsKey(field)) {
                return query.get(field);
            }
            if (query.get("$and") instanceof Collection<?> terms) {
                for (Object term : terms) {
                    if (term instanceof Document document && document.containsKey(field)) {
                        return document.get(field);
                    }
                }
            }
            return null;
        }

        private static Range fromOperators(Document operators) {
            Object lower = null;
            Object upper = null;
            boolean lowerInclusive = true;
            boolean upperInclusive = true;
            for (Map.Entry<String, Object> operator : operators.entrySet()) {
                Object bound = operator.getValue();
                if (!orderable(bound)) {
                    return null;
                }
                switch (operator.getKey()) {
                    case "$gt", "$gte" -> {
                        lower = bound;
                        lowerInclusive = operator.getKey().equals("$gte");
                    }
                    case "$lt", "$lte" -> {
                        upper = bound;
                        upperInclusive = operator.getKey().equals("$lte");
                    }
                    case "$eq" -> {
                        lower = bound;
                        upper = bound;
                        lowerInclusive = true;
                        upperInclusive = true;
                    }
                    default -> {
                        // $in, $ne, $exists, $regex, $not ...: left to a scan.
                        return null;
                    }
                }
            }
            return lower == null && upper == null ? null : new Range(lower, lowerInclusive, upper, upperInclusive);
        }

        <V> NavigableMap<Object, V> select(NavigableMap<Object, V> byValue) {
            if (lower != null && upper != null) {
                // With several bounds of a kind only one is kept, so a pair can cross: nothing lies between.
                return ORDER.compare(lower, upper) > 0
                        ? new TreeMap<>(ORDER)
                        : byValue.subMap(lower, lowerInclusive, upper, upperInclusive);
            }
            return lower != null ? byValue.tailMap(lower, lowerInclusive) : byValue.headMap(upper, upperInclusive);
        }
    }
}
