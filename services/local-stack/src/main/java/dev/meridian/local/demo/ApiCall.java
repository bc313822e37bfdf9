package dev.meridian.local.demo;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One planned request to the public staff API. The path may name ids the server has not generated yet, as
 * {@code {symbol}} placeholders; {@link #binds()} names the symbol this call's response id is bound to.
 *
 * @param kind   what the call does, in domain words (the benchmark groups and samples by it)
 * @param method HTTP method
 * @param path   path with {@code {symbol}} placeholders for ids bound by earlier calls of the same script
 * @param body   JSON body as an ordered map ({@code null} for none)
 * @param binds  symbol the response's id is bound to, or {@code null}
 */
public record ApiCall(Kind kind, String method, String path, Map<String, Object> body, String binds) {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^}]+)}");

    public ApiCall {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
    }

    /** The path with every placeholder replaced by its bound id. */
    public String resolvePath(Map<String, String> bound) {
        Matcher m = PLACEHOLDER.matcher(path);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String id = bound.get(m.group(1));
            if (id == null) {
                throw new IllegalStateException("No id bound to " + m.group(1) + " for " + path);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(id));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The calls of the staff API, with the JSON field that carries the id a creating call returns. */
    public enum Kind {
        REGISTER_PATIENT("patientId"),
        OPEN_COURSE("courseId"),
        SCHEDULE_SESSION("sessionId"),
        START_SESSION(null),
        RELEASE_PSOAS(null),
        RETAIN_NEEDLES(null),
        NOTE_EMOTIONAL_RESPONSE(null),
        COMPLETE_SESSION(null),
        CANCEL_SESSION(null),
        ASSIGN_HOMEWORK(null),
        RECORD_OUTCOME_MEASURE(null),
        CLOSE_COURSE(null);

        private final String idField;

        Kind(String idField) {
            this.idField = idField;
        }

        /** The response field holding the created id, or {@code null} when the call creates nothing. */
        public String idField() {
            return idField;
        }
    }
}
