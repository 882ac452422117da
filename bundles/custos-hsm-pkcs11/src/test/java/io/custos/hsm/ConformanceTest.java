package io.custos.hsm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SoftHsm.class)
class ConformanceTest {

    private static String run(Map<String, String> props, int expectedStatus) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int status = Conformance.run(props, new PrintStream(buf, true, StandardCharsets.UTF_8));
        String out = buf.toString(StandardCharsets.UTF_8);
        assertThat(status).as(out).isEqualTo(expectedStatus);
        return out;
    }

    @Test
    void softHsm_withGeneratedKeys_isConformant() {
        Map<String, String> props = SoftHsm.properties(SoftHsm.TOKEN);
        String out = run(props, 0);
        String kek = props.get(Pkcs11RootKeyProviderFactory.KEK_LABEL) + ".v1";
        String signing = props.get(Pkcs11RootKeyProviderFactory.SIGNING_LABEL);
        assertThat(out).contains("PASS  attributes " + kek, "PASS  attributes " + signing,
                "PASS  export " + kek, "PASS  export " + signing, "PASS  seal/unseal",
                "PASS  unseal under another reference", "PASS  unseal of a damaged blob", "PASS  signature",
                "PASS  mechanism CKM_AES_GCM", "INFO  mechanisms", "VERDICT: CONFORMANT")
                .doesNotContain("FAIL").doesNotContain(SoftHsm.PIN);
    }

    @Test
    void extractableKek_isNotConformant() throws Exception {
        Map<String, String> props = SoftHsm.properties(SoftHsm.TOKEN);
        String alias = props.get(Pkcs11RootKeyProviderFactory.KEK_LABEL) + ".v1";
        SoftHsm.pkcs11Tool(SoftHsm.TOKEN, "--keygen", "--key-type", "AES:32", "--label", alias, "--extractable");
        assertThat(run(props, 1)).contains("FAIL  start: CUSTOS-4105", "VERDICT: NOT CONFORMANT");
    }

    @Test
    void unknownToken_isNotConformant() {
        Map<String, String> props = SoftHsm.properties("no-such-token");
        assertThat(run(props, 1)).contains("FAIL  start: CUSTOS-4102");
    }

    @Test
    void mainClass_fromTheCommandLine_printsVerdictAndExitStatus() throws Exception {
        Map<String, String> props = SoftHsm.properties(SoftHsm.TOKEN);
        Path file = SoftHsm.home().resolve("conformance.properties");
        StringBuilder text = new StringBuilder();
        props.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        Files.writeString(file, text);
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--add-opens", "jdk.crypto.cryptoki/sun.security.pkcs11.wrapper=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Conformance.class.getName(), file.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("VERDICT: CONFORMANT");
        // without the JVM option, the check still runs and says what it could not read
        cmd.subList(1, 3).clear();
        p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("WARN  token attributes", "INFO  mechanisms: as JCA services", "VERDICT: CONFORMANT");
    }
}
