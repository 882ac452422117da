package io.custos.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.custos.hsm.Pkcs11RootKeyProviderFactory;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PKCS#11 provider configured through MicroProfile Config under its documented keys: the PIN is
 * accepted only as a reference, never as a plain property that could be logged. (The token itself is
 * exercised in custos-hsm-pkcs11's SoftHSM2 tests; these checks fail before any library is loaded.)
 */
class HsmConfigurationTest {
    @TempDir
    Path dir;

    private Config config(String pin, Path library) {
        Map<String, String> values = new HashMap<>(Map.of(
                MicroProfileConfigs.ROOT_KEY_PROVIDER, "pkcs11",
                "custos.hsm.library", library.toString(),
                "custos.hsm.token-label", "custos"));
        values.put("custos.hsm.pin", pin);
        return new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(values, "test", 100)).build();
    }

    @Test
    void literalPin_isRefused_andNeverEchoed() throws Exception {
        Path fakeLibrary = Files.createFile(dir.resolve("libfake.so"));
        assertThatThrownBy(() -> MicroProfileConfigs.openRootKeyProvider(config("493817", fakeLibrary), List.of(new Pkcs11RootKeyProviderFactory())))
                .hasMessage("CUSTOS-1002 configuration property custos.hsm.pin of pkcs11 is invalid: must be a reference (env:VARIABLE or file:/path), not a literal value")
                .hasMessageNotContaining("493817");
    }

    @Test
    void pinFromMissingEnvironmentVariable_isNamed() throws Exception {
        Path fakeLibrary = Files.createFile(dir.resolve("libfake.so"));
        assertThatThrownBy(() -> MicroProfileConfigs.openRootKeyProvider(config("env:CUSTOS_TEST_UNSET_PIN_VARIABLE", fakeLibrary),
                List.of(new Pkcs11RootKeyProviderFactory())))
                .hasMessageContaining("CUSTOS-1002").hasMessageContaining("environment variable CUSTOS_TEST_UNSET_PIN_VARIABLE is not set");
    }

    @Test
    void wrongLibraryPath_hasItsOwnError() throws Exception {
        Path pin = Files.writeString(dir.resolve("pin"), "493817");
        assertThatThrownBy(() -> MicroProfileConfigs.openRootKeyProvider(config("file:" + pin, dir.resolve("missing.so")),
                List.of(new Pkcs11RootKeyProviderFactory())))
                .hasMessageStartingWith("CUSTOS-4101 PKCS#11 library ").hasMessageNotContaining("493817");
    }
}
