package io.custos.hsm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.custos.api.error.ConfigurationException;
import io.custos.api.error.CryptoException;
import io.custos.api.error.ErrorCode;
import io.custos.spi.ProviderConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SoftHsm.class)
class StartupErrorsTest {

    private static CryptoException startFails(Map<String, String> props) {
        Pkcs11RootKeyProviderFactory f = new Pkcs11RootKeyProviderFactory();
        try {
            f.init(SoftHsm.config(props));
            f.create().close();
        } catch (CryptoException e) {
            return e;
        }
        throw new AssertionError("start-up did not fail");
    }

    private static Map<String, String> props(String key, String value) {
        Map<String, String> p = SoftHsm.properties(SoftHsm.TOKEN);
        p.put(key, value);
        return p;
    }

    @Test
    void start_libraryPathMissing_fails4101() {
        CryptoException e = startFails(props(Pkcs11RootKeyProviderFactory.LIBRARY, "/usr/lib/no-such-pkcs11.so"));
        assertThat(e).isInstanceOf(ConfigurationException.class).hasNoCause();
        assertThat(e.code()).isEqualTo(ErrorCode.HSM_LIBRARY_UNUSABLE);
        assertThat(e.getMessage()).startsWith("CUSTOS-4101").contains("/usr/lib/no-such-pkcs11.so", "no such file");
    }

    @Test
    void start_libraryIsNotPkcs11_fails4101() throws Exception {
        Path fake = SoftHsm.home().resolve("not-a-library.so");
        Files.writeString(fake, "this is not a shared object");
        CryptoException e = startFails(props(Pkcs11RootKeyProviderFactory.LIBRARY, fake.toString()));
        assertThat(e.code()).isEqualTo(ErrorCode.HSM_LIBRARY_UNUSABLE);
        assertThat(e).hasNoCause();
    }

    @Test
    void start_unknownTokenLabel_fails4102ListingTheLabelsFound() {
        CryptoException e = startFails(props(Pkcs11RootKeyProviderFactory.TOKEN_LABEL, "no-such-token"));
        assertThat(e).isInstanceOf(ConfigurationException.class).hasNoCause();
        assertThat(e.code()).isEqualTo(ErrorCode.HSM_TOKEN_NOT_FOUND);
        assertThat(e.getMessage()).contains("'no-such-token'", "'" + SoftHsm.TOKEN + "'", "'" + SoftHsm.FAULT_TOKEN + "'");
    }

    @Test
    void start_wrongPin_inAFreshProcess_fails4103WithoutThePin() throws Exception {
        Path wrong = SoftHsm.home().resolve("wrong.pin");
        Files.writeString(wrong, "0000-wrong\n");
        String out = StartupProbe.run(props(Pkcs11RootKeyProviderFactory.PIN, "file:" + wrong));
        assertThat(out).contains("ERROR CUSTOS-4103", "CKR_PIN_INCORRECT").doesNotContain("0000-wrong")
                .doesNotContain("CAUSE");
    }

    @Test
    void start_rightPin_inAFreshProcess_opens() throws Exception {
        assertThat(StartupProbe.run(SoftHsm.properties(SoftHsm.TOKEN))).contains("OK UP");
    }

    @Test
    void start_withoutWrapperAccess_labelsReadInAChildJvm_opens() throws Exception {
        String out = StartupProbe.run(SoftHsm.properties(SoftHsm.TOKEN), false);
        assertThat(out).contains("OK UP").contains("re-initialisation is off");
        assertThat(StartupProbe.run(props(Pkcs11RootKeyProviderFactory.TOKEN_LABEL, "no-such-token"), false))
                .contains("ERROR CUSTOS-4102", "'" + SoftHsm.TOKEN + "'");
    }

    @Test
    void init_literalPin_refused1002() {
        CryptoException e = startFails(props(Pkcs11RootKeyProviderFactory.PIN, SoftHsm.PIN));
        assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
        assertThat(e.getMessage()).contains("must be a reference").doesNotContain(SoftHsm.PIN);
    }

    @Test
    void init_pinVariableUnset_fails1002() {
        Map<String, String> p = props(Pkcs11RootKeyProviderFactory.PIN, "env:CUSTOS_TEST_NO_SUCH_PIN");
        Pkcs11RootKeyProviderFactory f = new Pkcs11RootKeyProviderFactory();
        assertThatThrownBy(() -> f.init(new ProviderConfig("pkcs11", p, name -> null)))
                .hasMessageContaining("CUSTOS-1002").hasMessageContaining("CUSTOS_TEST_NO_SUCH_PIN");
    }

    @Test
    void init_pinFromEnvironment_opens() throws Exception {
        Map<String, String> p = props(Pkcs11RootKeyProviderFactory.PIN, "env:CUSTOS_TEST_PIN");
        Pkcs11RootKeyProviderFactory f = new Pkcs11RootKeyProviderFactory();
        f.init(new ProviderConfig("pkcs11", p, name -> name.equals("CUSTOS_TEST_PIN") ? SoftHsm.PIN : null));
        try (var provider = f.create()) {
            assertThat(provider.health().isUp()).isTrue();
        }
    }

    @Test
    void start_keysMissingAndGenerationOff_fails4104() {
        CryptoException e = startFails(props(Pkcs11RootKeyProviderFactory.GENERATE_KEYS, "false"));
        assertThat(e.code()).isEqualTo(ErrorCode.HSM_KEY_MISSING);
        assertThat(e.getMessage()).contains(Pkcs11RootKeyProviderFactory.GENERATE_KEYS);
    }

    @Test
    void start_extractableKeyUnderTheKekLabel_fails4105() throws Exception {
        Map<String, String> p = SoftHsm.properties(SoftHsm.TOKEN);
        String alias = p.get(Pkcs11RootKeyProviderFactory.KEK_LABEL) + ".v1";
        SoftHsm.pkcs11Tool(SoftHsm.TOKEN, "--keygen", "--key-type", "AES:32", "--label", alias, "--extractable");
        CryptoException e = startFails(p);
        assertThat(e.code()).isEqualTo(ErrorCode.HSM_KEY_NOT_PROTECTED);
        assertThat(e.getMessage()).contains(alias);
    }

    @Test
    void init_badDuration_fails1002() {
        CryptoException e = startFails(props(Pkcs11RootKeyProviderFactory.UNSEALED_KEY_TTL, "five minutes"));
        assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
    }

    @Test
    void properties_documentEveryKey_pinIsSecret() {
        var f = new Pkcs11RootKeyProviderFactory();
        assertThat(f.properties()).extracting(pr -> pr.name()).contains(Pkcs11RootKeyProviderFactory.LIBRARY,
                Pkcs11RootKeyProviderFactory.TOKEN_LABEL, Pkcs11RootKeyProviderFactory.PIN,
                Pkcs11RootKeyProviderFactory.UNSEALED_KEY_TTL);
        assertThat(f.properties()).filteredOn(pr -> pr.secret()).extracting(pr -> pr.name())
                .containsExactly(Pkcs11RootKeyProviderFactory.PIN);
    }
}
