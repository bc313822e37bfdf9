package dev.meridian.outcomes.recount;

import dev.meridian.outcomes.recount.IndependentRecount.CourseFigures;
import dev.meridian.outcomes.recount.IndependentRecount.SessionFigures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.bson.Document;

/**
 * Reads the stored read models (plain BSON documents, as the analyst API will) into the recount's shapes, so that a
 * test can compare the two with one {@code isEqualTo}.
 */
public final class ProjectedFigures {

    private ProjectedFigures() {
    }

    public static Map<String, CourseFigures> courses(List<Document> documents) {
        Map<String, CourseFigures> result = new TreeMap<>();
        for (Document d : documents) {
            Map<String, SessionFigures> sessions = new TreeMap<>();
            d.get("sessions", Document.class).forEach((id, value) -> {
                Document s = (Document) value;
                sessions.put(id, new SessionFigures(s.getString("status"), s.getInteger("sessionNumber"),
                        s.getInteger("prePain"), s.getInteger("postPain"), s.getList("psoasReleases", String.class).size(),
                        s.getInteger("retentionMinutes"), s.getList("emotionalResponses", Document.class).size()));
            });
            List<String> sides = new ArrayList<>();
            for (Document s : sessions.keySet().stream().map(id -> d.get("sessions", Document.class).get(id, Document.class)).toList()) {
                sides.addAll(s.getList("psoasReleases", String.class));
            }
            sides.sort(null);
            Document emotional = d.get("emotionalResponses", Document.class);
            Set<String> phases = new TreeSet<>();
            emotional.get("phases", Document.class).forEach((phase, count) -> {
                if (((Number) count).intValue() > 0) {
                    phases.add(phase);
                }
            });
            Document homework = d.get("homework", Document.class);
            result.put(d.getString("_id"), new CourseFigures(
                    d.getString("_id"), d.getString("locationId"), d.getString("practitionerId"),
                    d.getString("chronicity"), d.getString("openingMonth"), d.getInteger("baselinePain"),
                    d.getInteger("baselineOdi"), sessions, d.getInteger("sessionsCompleted"),
                    d.getInteger("sessionsCancelled"), sides, d.getInteger("retentionMinutesTotal"),
                    emotional.getInteger("count"), phases,
                    emotional.get("traumaRelated", Document.class).getInteger("YES"),
                    homework.getBoolean("assigned"), new TreeSet<>(homework.getList("exercises", String.class)),
                    d.getInteger("latestPain"), d.getInteger("painChange"), d.getBoolean("responder"),
                    d.getBoolean("substantialRelief"), d.getBoolean("recovered"), d.getInteger("odiChange"),
                    d.getBoolean("odiResponder"), d.getInteger("sessionsToRelief"), d.getString("outcome"),
                    d.getInteger("closingPain"), d.getBoolean("oneSessionResolution")));
        }
        return result;
    }

    /** Cell id -> counter path -> value, without the cell's coordinates, bookkeeping and zero counters. */
    public static Map<String, Map<String, Long>> cells(List<Document> documents) {
        Map<String, Map<String, Long>> result = new TreeMap<>();
        for (Document d : documents) {
            Map<String, Long> counters = new TreeMap<>();
            flatten("", d, counters);
            counters.keySet().removeIf(k -> k.startsWith("appliedVersions."));
            counters.values().removeIf(v -> v == 0);
            result.put(d.getString("_id"), counters);
        }
        result.values().removeIf(Map::isEmpty);
        return result;
    }

    private static void flatten(String prefix, Map<String, Object> node, Map<String, Long> out) {
        node.forEach((key, value) -> {
            String path = prefix.isEmpty() ? key : prefix + "." + key;
            if (value instanceof Map<?, ?> child) {
                @SuppressWarnings("unchecked")
                Map<String, Object> typed = (Map<String, Object>) child;
                flatten(path, typed, out);
            } else if (value instanceof Number number) {
                out.put(path, number.longValue());
            }
        });
    }
}
