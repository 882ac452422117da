package io.custos.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.custos.api.DataClass;
import io.custos.api.error.ConfigurationException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KmsConfigTest {

    @Test
    void fromProperties_readsEverySetting() throws Exception {
        KmsConfig c = KmsConfig.fromProperties(Map.ofEntries(
                Map.entry("custos.kms.schema", "custos"),
                Map.entry("custos.kms.cache-ttl", "PT2M"),
                Map.entry("custos.kms.cache-max-uses", "500"),
                Map.entry("custos.kms.revocation-poll-interval", "PT1S"),
                Map.entry("custos.kms.cryptoperiod.FORMULA", "P90D"),
                Map.entry("custos.kms.waiting-period", "P14D"),
                Map.entry("custos.kms.waiting-period-min", "P7D"),
                Map.entry("custos.kms.waiting-period-max", "P60D"),
                Map.entry("custos.kms.destruction-approvals", "3"),
                Map.entry("custos.kms.restore-approvals", "2"),
                Map.entry("custos.kms.max-grant-lifetime", "PT8H"),
                Map.entry("custos.kms.auto-create-keys", "false"),
                Map.entry("custos.kms.service-principal", "erp-app"),
                Map.entry("other.setting", "ignored")));
        assertThat(c.schema()).isEqualTo("custos");
        assertThat(c.cacheTtl()).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.cacheMaxUses()).isEqualTo(500);
        assertThat(c.revocationPollInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.cryptoperiod(DataClass.FORMULA)).isEqualTo(Duration.ofDays(90));
        assertThat(c.cryptoperiod(DataClass.GENERAL)).isEqualTo(Duration.ofDays(365));
        assertThat(c.defaultWaitingPeriod()).isEqualTo(Duration.ofDays(14));
        assertThat(c.minWaitingPeriod()).isEqualTo(Duration.ofDays(7));
        assertThat(c.maxWaitingPeriod()).isEqualTo(Duration.ofDays(60));
        assertThat(c.destructionApprovals()).isEqualTo(3);
        assertThat(c.restoreApprovals()).isEqualTo(2);
        assertThat(c.maxGrantLifetime()).isEqualTo(Duration.ofHours(8));
        assertThat(c.autoCreateKeys()).isFalse();
        assertThat(c.servicePrincipal()).isEqualTo("erp-app");
        assertThat(KmsConfig.fromProperties(Map.of()).defaultWaitingPeriod()).isEqualTo(Duration.ofDays(30));
    }

    @Test
    void fromProperties_badValues_nameThePropertyWith1002() {
        assertThatThrownBy(() -> KmsConfig.fromProperties(Map.of("custos.kms.cache-ttl", "5 minutes")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("CUSTOS-1002 configuration property custos.kms.cache-ttl of custos-kms is invalid: not an ISO-8601 duration");
        assertThatThrownBy(() -> KmsConfig.fromProperties(Map.of("custos.kms.cach-ttl", "PT5M")))
                .hasMessageContaining("custos.kms.cach-ttl").hasMessageContaining("unknown property");
        assertThatThrownBy(() -> KmsConfig.fromProperties(Map.of("custos.kms.cryptoperiod.PATIENTS", "P1D")))
                .isInstanceOf(ConfigurationException.class);
        assertThatThrownBy(() -> KmsConfig.fromProperties(Map.of("custos.kms.waiting-period", "P400D")))
                .hasMessageContaining("custos.kms.waiting-period");
        assertThatThrownBy(() -> KmsConfig.fromProperties(Map.of("custos.kms.schema", "Robert'); DROP TABLE")))
                .isInstanceOf(ConfigurationException.class);
        assertThatThrownBy(() -> KmsConfig.fromProperties(Map.of("custos.kms.auto-create-keys", "yes")))
                .hasMessageContaining("not true or false");
    }
}
