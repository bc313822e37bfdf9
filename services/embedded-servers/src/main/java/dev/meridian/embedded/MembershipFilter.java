package dev.meridian.embedded;

import de.bwaldvogel.mongo.bson.Document;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * Answers a query's {@code $in} and {@code $nin} conditions over lists of plain strings with a hash set, and leaves
 * the rest of the query to the server's own matcher.
 *
 * <p>Why: mongo-java-server's matcher compares a document's value with each element of an {@code $in} / {@code $nin}
 * list in turn, normalising both sides on every comparison. axon-mongo's tracking poll is
 * {@code {$and: [{timestamp: {$gte: t - lookBack}}, {eventIdentifier: {$nin: [ids seen since t - lookBack]}}]}}: it
 * reads back every event of the look-back window (one second) and excludes the ones already seen, so with W events
 * per second a poll costs W x W comparisons, and the event store is polled after every commit. At 200 commands/s that
 * was most of the embedded server's time, and each poll held the event collection's lock while the next commands'
 * event inserts queued behind it (the periodic stalls of docs/benchmarks/README.md, sixth run). With a set, a poll is
 * linear in the window again, as on MongoDB.
 *
 * <p>The answer is the matcher's own: a condition is taken here only when it is a field's sole operator, the field is
 * a plain top-level name and every listed value is a string, and only for documents whose value of that field is a
 * string (for which the matcher's comparison is string equality); a document with anything else there (missing, null,
 * a number, an array) goes through the matcher with the whole query. A document that passes the conditions taken
 * here is handed to the matcher with the rest of the query.
 *
 * <p>One instance per collection; the plan of the last query seen is kept for the documents of the same request. Most
 * calls come from the collection's synchronized methods, but not all (the library does not serialize counts): the
 * plan is immutable, read once per call and used only for the very query object it was made for, so a concurrent
 * request at worst makes its own plan again.
 */
final class MembershipFilter {

    private record Condition(String field, Set<String> values, boolean in) {

        /** {@code null} when the document's value is not a string: the matcher decides. */
        Boolean accepts(Document document) {
            return document.get(field) instanceof String value ? values.contains(value) == in : null;
        }
    }

    private record Plan(Document query, List<Condition> conditions, Document rest) {
    }

    private static final Plan NONE = new Plan(null, List.of(), null);

    private Plan last = NONE;

    boolean matches(Document document, Document query, BiPredicate<Document, Document> matcher) {
        Plan plan = planFor(query, matcher);
        if (plan.conditions.isEmpty()) {
            return matcher.test(document, query);
        }
        for (Condition condition : plan.conditions) {
            Boolean accepted = condition.accepts(document);
            if (accepted == null) {
                return matcher.test(document, query);
            }
            if (!accepted) {
                return false;
            }
        }
        return matcher.test(document, plan.rest);
    }

    private Plan planFor(Document query, BiPredicate<Document, Document> matcher) {
        Plan plan = last;
        if (plan.query != query) {
            plan = plan(query);
            if (!plan.conditions.isEmpty()) {
                // The matcher rejects a malformed query on its first document; a document failing a condition taken
                // here never reaches it, so let it see the whole query once (an empty document: the answer is unused).
                matcher.test(new Document(), query);
            }
            last = plan;
        }
        return plan;
    }

    private static Plan plan(Document query) {
        List<Condition> conditions = new ArrayList<>();
        Document rest = takeConditions(query, conditions);
        if (rest.get("$and") instanceof List<?> clauses) {
            List<Object> restClauses = new ArrayList<>();
            for (Object clause : clauses) {
                if (clause instanceof Document clauseQuery && !clauseQuery.isEmpty()) {
                    Document restClause = takeConditions(clauseQuery, conditions);
                    // A clause that held only conditions taken here is left out: an empty $and would be an error.
                    if (!restClause.isEmpty()) {
                        restClauses.add(restClause);
                    }
                } else {
                    restClauses.add(clause);
                }
            }
            if (restClauses.isEmpty()) {
                rest.remove("$and");
            } else {
                rest.put("$and", restClauses);
            }
        }
        return conditions.isEmpty() ? new Plan(query, List.of(), query) : new Plan(query, List.copyOf(conditions), rest);
    }

    /** The clause without the conditions this class answers, which are added to {@code conditions}. */
    private static Document takeConditions(Document clause, List<Condition> conditions) {
        Document rest = new Document();
        clause.forEach((field, value) -> {
            Condition condition = condition(field, value);
            if (condition != null) {
                conditions.add(condition);
            } else {
                rest.put(field, value);
            }
        });
        return rest;
    }

    private static Condition condition(String field, Object value) {
        if (field.isEmpty() || field.startsWith("$") || field.contains(".")
                || !(value instanceof Document operator) || operator.size() != 1) {
            return null;
        }
        String name = operator.keySet().iterator().next();
        if (!name.equals("$in") && !name.equals("$nin")) {
            return null;
        }
        if (!(operator.get(name) instanceof Collection<?> listed) || listed.isEmpty()) {
            return null;
        }
        Set<String> values = new HashSet<>(listed.size() * 2);
        for (Object element : listed) {
            if (!(element instanceof String string)) {
                return null;
            }
            values.add(string);
        }
        return new Condition(field, values, name.equals("$in"));
    }
}
