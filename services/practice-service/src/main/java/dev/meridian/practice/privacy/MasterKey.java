package dev.meridian.practice.privacy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.SecretKey;

/**
 * The key that wraps (encrypts) every patient's key in {@code patient_keys}. It comes from configuration
 * ({@code meridian.privacy.master-key}, env {@code MERIDIAN_MASTER_KEY}, base64 of 32 random bytes) and is never
 * stored beside the data. In production it is delivered by a KMS / secret manager (see docs/security.md); a
 * development key exists for the {@code local} profile and the tests only.
 */
public final class MasterKey {

    /**
     * Development only: a fixed, public key, so that the local stack's persistent demo data stays readable across
     * restarts. Never accepted outside the {@code local} profile (see {@link PrivacyConfiguration}).
     */
    static final String DEVELOPMENT_KEY_BASE64 = "bWVyaWRpYW4tZGV2ZWxvcG1lbnQtbWFzdGVyLWtleSE=";

    private final SecretKey key;
    private final String id;

    private MasterKey(SecretKey key) {
        this.key = key;
        this.id = fingerprint(key);
    }

    /**
     * @throws IllegalArgumentException naming the property (never echoing the value) when it is not base64 of
     *                                  exactly 32 bytes
     */
    public static MasterKey fromBase64(String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("meridian.privacy.master-key (MERIDIAN_MASTER_KEY) is not base64;"
                    + " generate one with: openssl rand -base64 32");
        }
        if (bytes.length != AesGcm.KEY_BYTES) {
            throw new IllegalArgumentException("meridian.privacy.master-key (MERIDIAN_MASTER_KEY) must be 32 bytes"
                    + " (AES-256) in base64, not " + bytes.length + "; generate one with: openssl rand -base64 32");
        }
        return new MasterKey(AesGcm.key(bytes));
    }

    static MasterKey development() {
        return fromBase64(DEVELOPMENT_KEY_BASE64);
    }

    /** A non-secret identifier of this master key, stored beside each wrapped key (for rotation). */
    public String id() {
        return id;
    }

    byte[] wrap(String patientId, SecretKey patientKey) {
        return AesGcm.encrypt(key, patientKey.getEncoded(), associatedData(patientId));
    }

    SecretKey unwrap(String patientId, byte[] wrapped) throws GeneralSecurityException {
        return AesGcm.key(AesGcm.decrypt(key, wrapped, associatedData(patientId)));
    }

    /** A wrapped key belongs to one patient: it cannot be moved to another patient's record. */
    private static byte[] associatedData(String patientId) {
        return ("meridian/patient-key/v1|" + patientId).getBytes(StandardCharsets.UTF_8);
    }

    private static String fingerprint(SecretKey key) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update("meridian/master-key-id|".getBytes(StandardCharsets.UTF_8));
            byte[] digest = sha.digest(key.getEncoded());
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "MasterKey[" + id + "]";
    }
}
