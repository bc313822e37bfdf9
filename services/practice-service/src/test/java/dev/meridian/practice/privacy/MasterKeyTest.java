package dev.meridian.practice.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;

class MasterKeyTest {

    @Test
    void without_a_configured_key_the_service_does_not_start_outside_the_local_profile() {
        assertThatThrownBy(() -> PrivacyConfiguration.masterKey("", false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("MERIDIAN_MASTER_KEY")
                .hasMessageContaining("docs/security.md");
    }

    @Test
    void the_local_profile_uses_the_development_key() {
        assertThat(PrivacyConfiguration.masterKey(null, true).id()).isEqualTo(MasterKey.development().id());
    }

    @Test
    void a_configured_key_wins_and_a_malformed_one_is_refused_without_echoing_it() {
        String configured = Base64.getEncoder().encodeToString(new byte[32]);
        assertThat(PrivacyConfiguration.masterKey(configured, true).id()).isNotEqualTo(MasterKey.development().id());
        assertThatThrownBy(() -> PrivacyConfiguration.masterKey("c2hvcnQ=", false))
                .hasMessageContaining("32 bytes").hasMessageNotContaining("c2hvcnQ=");
    }

    @Test
    void a_wrapped_key_opens_only_for_its_own_patient() throws Exception {
        MasterKey master = MasterKey.development();
        SecretKey key = AesGcm.newKey();
        byte[] wrapped = master.wrap("p-1", key);

        assertThat(master.unwrap("p-1", wrapped).getEncoded()).isEqualTo(key.getEncoded());
        assertThatThrownBy(() -> master.unwrap("p-2", wrapped)).isInstanceOf(GeneralSecurityException.class);
    }
}
