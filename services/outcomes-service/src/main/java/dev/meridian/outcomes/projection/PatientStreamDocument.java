package dev.meridian.outcomes.projection;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;
import java.util.TreeMap;

/**
 * Bookkeeping for a patient's stream in {@code patient_streams}: what reconciliation needs, nothing personal
 * (no birth year, no names: the events arrive stripped and nothing else is kept).
 */
public class PatientStreamDocument {

    @JsonProperty("_id")
    public String id;
    public String homeLocationId;
    public boolean erased;
    public Map<String, Long> applied = new TreeMap<>();

    public static PatientStreamDocument empty(String patientId) {
        PatientStreamDocument doc = new PatientStreamDocument();
        doc.id = patientId;
        return doc;
    }
}
