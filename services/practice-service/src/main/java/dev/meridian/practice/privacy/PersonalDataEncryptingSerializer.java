package dev.meridian.practice.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meridian.events.ClinicEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import javax.crypto.SecretKey;
import org.axonframework.serialization.Converter;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wraps Axon's (Jackson) serializer so that the personal fields of every {@link ClinicEvent} are sealed with the
 * patient's key before they reach the event store (or a snapshot), and opened again when read. Aggregates,
 * projections and the publisher keep seeing plain records.
 *
 * <p>Which fields are personal is not listed here: it is whatever {@link ClinicEvent#withoutPersonalData()}
 * removes, so a new event type with personal data is covered as soon as its {@code withoutPersonalData()} is.
 * A personal field is stored as {@code {"$encrypted": "v1.<base64 of IV, ciphertext and tag>"}} with the patient id
 * and the field name as associated data.
 *
 * <p>When the key is gone (the patient was erased) a personal field reads as {@code null}: exactly the record
 * {@code withoutPersonalData()} gives, never an exception. A value that fails authentication (tampered, or moved to
 * another patient or field) reads as {@code null} too, and is logged (without its content).
 * Events stored in plain text before encryption was introduced still read as they are.
 */
public final class PersonalDataEncryptingSerializer implements Serializer {

    static final String MARKER = "$encrypted";
    private static final String VERSION = "v1.";
    private static final Logger log = LoggerFactory.getLogger(PersonalDataEncryptingSerializer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Serializer delegate;
    private final Supplier<PatientKeys> keys;

    /**
     * @param keys supplied lazily: the serializer is built with Axon's configuration, before the key store's
     *             MongoDB client may exist
     */
    public PersonalDataEncryptingSerializer(Serializer delegate, Supplier<PatientKeys> keys) {
        this.delegate = delegate;
        this.keys = keys;
    }

    public Serializer delegate() {
        return delegate;
    }

    @Override
    public <T> SerializedObject<T> serialize(Object object, Class<T> expectedRepresentation) {
        if (!(object instanceof ClinicEvent event)) {
            return delegate.serialize(object, expectedRepresentation);
        }
        ClinicEvent withoutPersonalData = event.withoutPersonalData();
        if (withoutPersonalData.equals(event)) {
            return delegate.serialize(object, expectedRepresentation);
        }
        SerializedObject<JsonNode> full = delegate.serialize(event, JsonNode.class);
        JsonNode stripped = delegate.serialize(withoutPersonalData, JsonNode.class).getData();
        ObjectNode tree = (ObjectNode) full.getData();
        List<String> personalFields = new ArrayList<>();
        tree.fieldNames().forEachRemaining(name -> {
            JsonNode value = tree.get(name);
            JsonNode removed = stripped.path(name);
            if (!value.isNull() && (removed.isNull() || removed.isMissingNode())) {
                personalFields.add(name);
            }
        });
        // No key (the patient was erased meanwhile): the personal data is not stored at all, never in plain text.
        Optional<SecretKey> key = keys.get().forWriting(event.patientId());
        for (String field : personalFields) {
            tree.set(field, key.isPresent() ? seal(key.get(), event.patientId(), field, tree.get(field))
                    : NullNode.getInstance());
        }
        T data = converter().convert(tree, JsonNode.class, expectedRepresentation);
        return new SimpleSerializedObject<>(data, expectedRepresentation, full.getType());
    }

    @Override
    public <S, T> T deserialize(SerializedObject<S> serializedObject) {
        if (!maySealSomething(serializedObject.getData())) {
            return delegate.deserialize(serializedObject);
        }
        JsonNode tree = converter().convert(serializedObject, JsonNode.class).getData();
        if (!(tree instanceof ObjectNode object) || !hasSealedField(object)) {
            return delegate.deserialize(serializedObject);
        }
        ObjectNode opened = object.deepCopy();
        String patientId = opened.path("patientId").asText(null);
        Optional<SecretKey> key = patientId == null ? Optional.empty() : keys.get().forReading(patientId);
        Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (isSealed(field.getValue())) {
                opened.set(field.getKey(), key.map(k -> open(k, patientId, field.getKey(), field.getValue()))
                        .orElse(NullNode.getInstance()));
            }
        }
        return delegate.deserialize(new SimpleSerializedObject<>(opened, JsonNode.class, serializedObject.getType()));
    }

    private static ObjectNode seal(SecretKey key, String patientId, String field, JsonNode value) {
        byte[] plain;
        try {
            plain = JSON.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException("personal field " + field + " cannot be written", e);
        }
        byte[] sealed = AesGcm.encrypt(key, plain, associatedData(patientId, field));
        return JsonNodeFactory.instance.objectNode()
                .put(MARKER, VERSION + Base64.getEncoder().encodeToString(sealed));
    }

    private static JsonNode open(SecretKey key, String patientId, String field, JsonNode sealed) {
        String text = sealed.get(MARKER).asText();
        if (!text.startsWith(VERSION)) {
            log.warn("Personal field {} of patient {} has an unknown format; read as absent", field, patientId);
            return NullNode.getInstance();
        }
        try {
            byte[] plain = AesGcm.decrypt(key, Base64.getDecoder().decode(text.substring(VERSION.length())),
                    associatedData(patientId, field));
            return JSON.readTree(plain);
        } catch (GeneralSecurityException | IllegalArgumentException | IOException e) {
            log.warn("Personal field {} of patient {} failed its integrity check; read as absent", field, patientId);
            return NullNode.getInstance();
        }
    }

    private static byte[] associatedData(String patientId, String field) {
        return ("meridian/personal-data/v1|" + patientId + "|" + field).getBytes(StandardCharsets.UTF_8);
    }

    private static boolean maySealSomething(Object data) {
        if (data instanceof String text) {
            return text.contains(MARKER);
        }
        return data != null;
    }

    private static boolean hasSealedField(ObjectNode object) {
        for (JsonNode value : object) {
            if (isSealed(value)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isSealed(JsonNode value) {
        return value.isObject() && value.size() == 1 && value.path(MARKER).isTextual();
    }

    private Converter converter() {
        return delegate.getConverter();
    }

    @Override
    public <T> boolean canSerializeTo(Class<T> expectedRepresentation) {
        return delegate.canSerializeTo(expectedRepresentation);
    }

    @Override
    public Class classForType(SerializedType type) {
        return delegate.classForType(type);
    }

    @Override
    public SerializedType typeForClass(Class type) {
        return delegate.typeForClass(type);
    }

    @Override
    public Converter getConverter() {
        return delegate.getConverter();
    }
}
