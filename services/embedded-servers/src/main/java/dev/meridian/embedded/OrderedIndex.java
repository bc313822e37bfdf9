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
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Predicate;

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
    /**
     * One entry per orderable document, by (value, {@code _id}): both come from the document itself, so the entry is
     * found again on update and removal without a second map (the heap cost is one tree entry per document).
     */
    private final NavigableMap<Key, P> ordered = new TreeMap<>();
    /** Documents whose value cannot be ordered, by {@code _id}: returned to every query, the matcher decides. */
    private final Map<Object, P> unordered = new HashMap<>();

    /** A tree key; {@code bound} -1 / +1 sorts before / after every document of the same value. */
    private record Key(Object value, Object id, int bound) implements Comparable<Key> {

        @Override
        public int compareTo(Key other) {
            int byValue = ORDER.compare(value, other.value);
            if (byValue != 0) {
                return byValue;
            }
            if (bound != 0 || other.bound != 0) {
                return Integer.compare(bound, other.bound);
            }
            return ORDER.compare(id, other.id);
        }
    }

    OrderedIndex(String name, List<IndexKey> keys, boolean sparse) {
        super(name, keys, sparse);
        this.field = keys.get(0).getKey();
    }

    @Override
    public synchronized P getPosition(Document document) {
        Key key = keyOf(document);
        return key == null ? unordered.get(idOf(document)) : ordered.get(key);
    }

    @Override
    public void checkAdd(Document document, MongoCollection<P> collection) {
        // Not unique: any document may be added.
    }

    @Override
    public synchronized void add(Document document, P position, MongoCollection<P> collection) {
        Key key = keyOf(document);
        if (key == null) {
            unordered.put(idOf(document), position);
        } else {
            ordered.put(key, position);
        }
    }

    @Override
    public synchronized P remove(Document document) {
        Key key = keyOf(document);
        return key == null ? unordered.remove(idOf(document)) : ordered.remove(key);
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
        List<P> positions = new ArrayList<>(range.select(ordered).values());
        positions.addAll(unordered.values());
        return positions;
    }

    /**
     * The positions a read sorted by this index's field (ascending first) needs to see to return its first
     * {@code wanted} documents: the matches in the index's order up to the {@code wanted}-th and every match of the
     * same value (the sort's later keys order those), plus every document this index cannot order. Null when the
     * read is not of that shape; then the caller reads as before.
     *
     * <p>Why: the server matches every document the index hands it and sorts them all before it applies the limit, so
     * a streaming processor's poll ("events after my position, the first 1,000 in order") cost the whole tail behind
     * its position. A processor a few hundred thousand events behind, at startup or when its consumer fell behind,
     * made every poll read and sort them all, holding the collection while it did: the stack stalled and ran out
     * of heap after ten minutes flat out (docs/benchmarks, seventeenth run). Real MongoDB stops its index scan at the
     * limit; this stops at the limit's last value.
     *
     * @param matches whether the document at a position matches the read's query (false if there is none)
     */
    synchronized List<P> firstPositions(Document query, Document orderBy, long wanted, Predicate<P> matches) {
        Range range = Range.of(query, field);
        if (range == null || wanted <= 0 || !sortsAscendingFirstBy(orderBy, field)) {
            return null;
        }
        List<P> positions = new ArrayList<>(unordered.values());
        long found = 0;
        Object last = null;
        for (Map.Entry<Key, P> entry : range.select(ordered).entrySet()) {
            if (found >= wanted && ORDER.compare(entry.getKey().value(), last) != 0) {
                break;
            }
            if (matches.test(entry.getValue())) {
                positions.add(entry.getValue());
                found++;
                last = entry.getKey().value();
            }
        }
        return positions;
    }

    /**
     * {@link #firstPositions} of the index a collection reads a query through, when that is an ordered index and the
     * read has a limit; otherwise null, and the collection reads as before.
     */
    static <P> List<P> firstPositions(List<Index<P>> indexes, Document query, Document orderBy, int skip, int limit,
                                      Predicate<P> matches) {
        for (Index<P> index : indexes) {
            // The library reads through the first index that can handle the query: so does this.
            if (index.canHandle(query)) {
                return index instanceof OrderedIndex<P> ordered && limit > 0
                        ? ordered.firstPositions(query, orderBy, (long) Math.max(skip, 0) + limit, matches)
                        : null;
            }
        }
        return null;
    }

    private static boolean sortsAscendingFirstBy(Document orderBy, String field) {
        if (orderBy == null || orderBy.isEmpty()) {
            return false;
        }
        Map.Entry<String, Object> first = orderBy.entrySet().iterator().next();
        return first.getKey().equals(field) && first.getValue() instanceof Number direction
                && direction.intValue() == 1;
    }

    @Override
    public synchronized long getCount() {
        return ordered.size() + unordered.size();
    }

    @Override
    public long getDataSize() {
        return getCount();
    }

    @Override
    public synchronized void drop() {
        ordered.clear();
        unordered.clear();
    }

    private Key keyOf(Document document) {
        Object value = Utils.getSubdocumentValue(document, field);
        return orderable(value) ? new Key(value, idOf(document), 0) : null;
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
        static Object conditionOn(Document query, String field) {
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

        <V> NavigableMap<Key, V> select(NavigableMap<Key, V> byKey) {
            // Bounds sort before or after every document of their value, so inclusive means "from before" / "to after".
            Key from = lower == null ? null : new Key(lower, null, lowerInclusive ? -1 : 1);
            Key to = upper == null ? null : new Key(upper, null, upperInclusive ? 1 : -1);
            if (from != null && to != null) {
                // With several bounds of a kind only one is kept, so a pair can cross: nothing lies between.
                return from.compareTo(to) > 0 ? new TreeMap<>() : byKey.subMap(from, true, to, true);
            }
            return from != null ? byKey.tailMap(from, true) : byKey.headMap(to, true);
        }
    }
}
