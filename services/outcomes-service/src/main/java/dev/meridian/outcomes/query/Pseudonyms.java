package dev.meridian.outcomes.query;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Analysts' ids for patients and courses: a keyed hash (HMAC-SHA-256, 128 bits) of the practice's id. Stable (the
 * same course has the same pseudonym on every page and every day), but not the practice's record number, which staff
 * see: HIPAA Safe Harbor lets a de-identified set keep a re-identification code only if it is not derived from, nor
 * usable as, an identifier outside the set (45 CFR 164.514(c)). Whoever holds the key can link back; keep it with the
 * practice's secrets ({@code OUTCOMES_PSEUDONYM_KEY}), not with the analysts.
 */
@Component
public class Pseudonyms {

    static final String DEVELOPMENT_KEY = "meridian-development-pseudonym-key";
    private static final Logger log = LoggerFactory.getLogger(Pseudonyms.class);

    private final byte[] key;

    public Pseudonyms(@Value("${meridian.outcomes.analyst.pseudonym-key:${OUTCOMES_PSEUDONYM_KEY:"
            + DEVELOPMENT_KEY + "}}") String key) {
        if (key.isBlank()) {
            throw new IllegalArgumentException("meridian.outcomes.analyst.pseudonym-key must not be blank");
        }
        if (DEVELOPMENT_KEY.equals(key)) {
            log.warn("Analyst pseudonyms use the development key: set OUTCOMES_PSEUDONYM_KEY outside development");
        }
        this.key = key.getBytes(StandardCharsets.UTF_8);
    }

    public String patient(String patientId) {
        return patientId == null ? null : "p-" + hash("patient:" + patientId);
    }

    public String course(String courseId) {
        return courseId == null ? null : "c-" + hash("course:" + courseId);
    }

    private String hash(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] digest = mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
