package io.custos.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.custos.crypto.software.SoftwareRootKeyProviderFactory;
import io.custos.spi.ConfigProperty;
import io.custos.spi.ProviderConfig;
import io.custos.spi.RootKeyProvider;
import io.custos.spi.RootKeyProviderFactory;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MicroProfileConfigsTest {
    @TempDir
    Path dir;

    private static Config config(Map<String, String> values) {
        return new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(values, "test", 100)).build();
    }

    @Test
    void read_takesDeclaredPropertiesAndDefaults_only() throws Exception {
        Config c = config(Map.of("custos.x.path", "/p", "custos.x.other", "ignored"));
        ProviderConfig pc = MicroProfileConfigs.read(c, "x", List.of(
                ConfigProperty.required("custos.x.path", ""), ConfigProperty.optional("custos.x.size", "", "7")));
        assertThat(pc.require("custos.x.path")).isEqualTo("/p");
        assertThat(pc.getInt("custos.x.size", 0)).isEqualTo(7);
        assertThat(pc.get("custos.x.other")).isEmpty();
    }

    @Test
    void openRootKeyProvider_selectsByIdAndNeverLogsTheSecret() throws Exception {
        List<String> logs = new ArrayList<>();
        Handler h = new Handler() {
            @Override
            public void publish(LogRecord r) {
                logs.add(r.getMessage() == null ? "" : r.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("io.custos");
        root.addHandler(h);
        try {
            Config c = config(Map.of(MicroProfileConfigs.ROOT_KEY_PROVIDER, "software",
                    SoftwareRootKeyProviderFactory.PATH, dir.resolve("k.p12").toString(),
                    SoftwareRootKeyProviderFactory.PASSWORD, "mp-config-secret-9911",
                    SoftwareRootKeyProviderFactory.CREATE, "true"));
            try (RootKeyProvider p = MicroProfileConfigs.openRootKeyProvider(c, List.<RootKeyProviderFactory>of(new SoftwareRootKeyProviderFactory()))) {
                assertThat(p.id()).isEqualTo("software");
                assertThat(p.health().isUp()).isTrue();
            }
        } finally {
            root.removeHandler(h);
        }
        assertThat(logs).anyMatch(l -> l.contains("custos.keystore.password=***"));
        assertThat(logs).noneMatch(l -> l.contains("mp-config-secret-9911"));
    }

    @Test
    void openRootKeyProvider_missingOrUnknownId_isNumberedError() {
        assertThatThrownBy(() -> MicroProfileConfigs.openRootKeyProvider(config(Map.of()), List.of(new SoftwareRootKeyProviderFactory())))
                .hasMessage("CUSTOS-1001 required configuration property custos.root-key.provider of custos is missing");
        assertThatThrownBy(() -> MicroProfileConfigs.openRootKeyProvider(config(Map.of(MicroProfileConfigs.ROOT_KEY_PROVIDER, "pkcs11")),
                List.of(new SoftwareRootKeyProviderFactory())))
                .hasMessage("CUSTOS-1003 no root-key provider with id 'pkcs11' is available (found: software)");
    }

    @Test
    void withPrefix_collectsAlertRules() {
        Config c = config(Map.of("custos.alert.restricted-reads.threshold", "50", "custos.alert.webhook.url", "http://127.0.0.1:9/x",
                "custos.hsm.pin", "env:PIN"));
        assertThat(MicroProfileConfigs.withPrefix(c, "custos.alert.")).containsOnlyKeys(
                "custos.alert.restricted-reads.threshold", "custos.alert.webhook.url");
    }
}
