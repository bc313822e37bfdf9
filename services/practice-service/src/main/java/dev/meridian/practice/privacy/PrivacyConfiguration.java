package dev.meridian.practice.privacy;

import dev.meridian.practice.shared.ErasedPatients;
import java.time.Clock;
import java.time.Duration;
import org.axonframework.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Personal data at rest: the master key from configuration, the per-patient keys in MongoDB, and the encrypting
 * layer around Axon's serializers (events and snapshots alike).
 */
@Configuration(proxyBeanMethods = false)
public class PrivacyConfiguration {

    static final String MASTER_KEY_PROPERTY = "meridian.privacy.master-key";
    private static final Logger log = LoggerFactory.getLogger(PrivacyConfiguration.class);

    /**
     * Wraps Axon's {@code eventSerializer} (events) and {@code serializer} (snapshots, tokens) as soon as Axon's
     * auto-configuration made them, so every user of either (storage engine, processors, publisher) gets the
     * encrypting one. Non-event objects pass through unchanged.
     */
    @Bean
    static BeanPostProcessor personalDataEncryption(ObjectProvider<PatientKeys> keys) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof Serializer serializer && !(bean instanceof PersonalDataEncryptingSerializer)
                        && ("eventSerializer".equals(beanName) || "serializer".equals(beanName))) {
                    return new PersonalDataEncryptingSerializer(serializer, keys::getObject);
                }
                return bean;
            }
        };
    }

    @Bean
    MasterKey masterKey(@Value("${" + MASTER_KEY_PROPERTY + ":}") String configured, Environment environment) {
        return masterKey(configured, environment.acceptsProfiles(Profiles.of("local")));
    }

    /**
     * The configured key; the public development key only in the {@code local} profile; otherwise the service does
     * not start (a service that silently invented a key would lose every patient's data at its next restart).
     */
    static MasterKey masterKey(String configured, boolean localProfile) {
        if (configured != null && !configured.isBlank()) {
            return MasterKey.fromBase64(configured);
        }
        if (localProfile) {
            log.warn("Using the public DEVELOPMENT master key (local profile): never use this data outside"
                    + " development");
            return MasterKey.development();
        }
        throw new MasterKeyNotConfigured();
    }

    @Bean
    PatientKeys patientKeys(MongoTemplate mongo, MasterKey masterKey, Clock clock,
                            @Value("${meridian.privacy.key-cache-ttl:PT1M}") Duration cacheTtl) {
        return new PatientKeys(mongo.getCollection(PatientKeys.COLLECTION), masterKey, clock, cacheTtl);
    }

    @Bean
    ErasedPatients erasedPatients(PatientKeys keys) {
        return keys::isDestroyed;
    }

    /** Startup failure with the fix in its message. */
    static class MasterKeyNotConfigured extends IllegalStateException {
        MasterKeyNotConfigured() {
            super("No master key for personal data: set " + MASTER_KEY_PROPERTY + " (env MERIDIAN_MASTER_KEY) to"
                    + " base64 of 32 random bytes (openssl rand -base64 32), delivered by your KMS / secret manager;"
                    + " see docs/security.md. A development key exists only in the 'local' profile.");
        }
    }
}
