package io.custos.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.custos.api.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProviderConfigTest {
    @TempDir
    Path dir;

    @Test
    void secret_fromEnvironmentFileOrLiteral() throws Exception {
        Path pinFile = dir.resolve("pin");
        Files.writeString(pinFile, "file-pin-1234\nignored");
        ProviderConfig c = new ProviderConfig("pkcs11", Map.of("a", "env:PIN_VAR", "b", "file:" + pinFile, "c", "literal-pw"),
                name -> name.equals("PIN_VAR") ? "env-pin-5678" : null);
        assertThat(new String(c.secret("a").orElseThrow().chars())).isEqualTo("env-pin-5678");
        assertThat(new String(c.secret("b").orElseThrow().chars())).isEqualTo("file-pin-1234");
        assertThat(new String(c.secret("c").orElseThrow().chars())).isEqualTo("literal-pw");
        assertThat(c.secret("missing")).isEmpty();
    }

    @Test
    void secretReference_refusesLiterals_andNamesMissingSources() {
        ProviderConfig c = new ProviderConfig("pkcs11", Map.of("pin", "123456", "env", "env:NOPE", "file", "file:/nonexistent/pin"), n -> null);
        assertThatThrownBy(() -> c.secretReference("pin"))
                .hasMessage("CUSTOS-1002 configuration property pin of pkcs11 is invalid: must be a reference (env:VARIABLE or file:/path), not a literal value")
                .hasMessageNotContaining("123456");
        assertThatThrownBy(() -> c.secretReference("env")).hasMessageContaining("environment variable NOPE is not set");
        assertThatThrownBy(() -> c.secretReference("file")).hasMessageContaining("cannot be read");
    }

    @Test
    void toStringAndDescribe_neverShowSecrets() {
        ProviderConfig c = new ProviderConfig("software", Map.of("custos.keystore.password", "pw-LEAK", "custos.hsm.pin", "pin-LEAK",
                "custos.keystore.path", "/k.p12"), n -> null);
        assertThat(c.toString()).doesNotContain("LEAK").contains("custos.keystore.path");
        assertThat(c.describe(List.of(ConfigProperty.secret("custos.keystore.password", "", false))))
                .doesNotContain("LEAK").contains("/k.p12").contains("***");
    }

    @Test
    void require_andGetInt_giveNumberedErrors() {
        ProviderConfig c = new ProviderConfig("x", Map.of("n", "abc"), k -> null);
        assertThatThrownBy(() -> c.require("path")).hasMessage("CUSTOS-1001 required configuration property path of x is missing");
        assertThatThrownBy(() -> c.getInt("n", 1)).hasMessageStartingWith("CUSTOS-1002");
    }

    @Test
    void selection_zeroOrSeveralMatches_isAnError() throws Exception {
        record P(String id) implements Identified {
        }
        assertThat(ProviderSelection.select("thing", "a", List.of(new P("a"), new P("b"))).id()).isEqualTo("a");
        assertThatThrownBy(() -> ProviderSelection.select("thing", "c", List.of(new P("b"), new P("a"))))
                .hasMessage("CUSTOS-1003 no thing with id 'c' is available (found: a, b)");
        assertThatThrownBy(() -> ProviderSelection.select("thing", "a", List.of(new P("a"), new P("a"))))
                .hasMessage("CUSTOS-1004 thing id 'a' is provided more than once; refusing to choose");
    }

    @Test
    void sealedKey_copiesBlob_andPrintsNoBytes() {
        byte[] blob = {1, 2, 3};
        SealedKey k = new SealedKey("software:kek", blob);
        blob[0] = 9;
        assertThat(k.blob()).containsExactly(1, 2, 3);
        assertThat(k.toString()).isEqualTo("SealedKey[software:kek, 3 bytes]");
        assertThat(new DataKey(new io.custos.api.KeyReference(1, 2), Secret.copyOf(new byte[32]), 1).toString())
                .isEqualTo("DataKey[key 1 v2]");
    }
}
