package io.custos.examples.payara;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.custos.api.DataClass;
import io.custos.api.ProtectionContext;
import io.custos.api.error.ConfigurationException;
import io.custos.jpa.ProtectionServices;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.Config;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KmsServicesProviderTest {
    static final String PASSWORD = "kms-provider-test-keystore-password";
    /** Empty: every setting comes from the unit's properties, as on Payara Server for an EAR module. */
    final Config config = new SmallRyeConfigBuilder().build();
    final ProtectionContext name = ProtectionContext.builder().tenant("demo-medtech").table("PATIENT")
            .column("NAME").rowId("3").dataClass(DataClass.PATIENT_CLINICAL).build();

    @TempDir
    Path dir;

    Map<String, Object> unit() throws Exception {
        Path pw = dir.resolve("keystore.pw");
        Files.writeString(pw, PASSWORD, StandardCharsets.US_ASCII);
        Map<String, Object> p = new HashMap<>();
        p.put("custos.root-key.provider", "software");
        p.put("custos.keystore.path", dir.resolve("root-keys.p12").toString());
        p.put("custos.keystore.password", "file:" + pw);
        p.put("custos.keystore.create", "true");
        return p;
    }

    static JdbcDataSource h2(String name) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
        ds.setUser("sa");
        return ds;
    }

    @Test
    void start_twoInstancesOnOneDatabaseAndKeystore_eachReadsWhatTheOtherWroteAndTheLogVerifies() throws Exception {
        JdbcDataSource db = h2("kms-" + UUID.randomUUID());
        KmsServices erp = KmsServicesProvider.start(db, "test", unit(), config);
        KmsServices admin = KmsServicesProvider.start(db, "test", unit(), config);
        try {
            ProtectionServices first = KmsServicesProvider.services(erp);
            ProtectionServices second = KmsServicesProvider.services(admin);

            String stored = first.crypto().randomized().encryptText("Li Wei", name);

            assertThat(stored).startsWith("$cu1$").doesNotContain("Li Wei");
            assertThat(second.crypto().randomized().decryptText(stored, name)).isEqualTo("Li Wei");
            assertThat(first.audit()).isSameAs(erp.audit());
            assertThat(admin.audit().verify().intact()).isTrue();
            assertThat(admin.audit().verify().eventsChecked()).isPositive();
        } finally {
            erp.close();
            admin.close();
        }
    }

    @Test
    void start_withoutRootKeyProvider_failsWithItsNumberedMessage() throws Exception {
        Map<String, Object> unit = unit();
        unit.remove("custos.root-key.provider");

        assertThatThrownBy(() -> KmsServicesProvider.start(h2("kms-" + UUID.randomUUID()), "test", unit, config))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("CUSTOS-1001").hasMessageContaining("custos.root-key.provider")
                .hasMessageNotContaining(PASSWORD);
    }

    @Test
    void services_noDataSourceBoundAtTheConfiguredName_failsNamingIt() {
        Map<String, Object> unit = Map.of("custos.datasource", "jdbc/not-there");

        assertThatThrownBy(() -> new KmsServicesProvider().services(unit))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("CUSTOS-1002").hasMessageContaining("jdbc/not-there")
                .hasNoCause();
    }
}
