package io.custos.crypto.software;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.custos.api.KeyReference;
import io.custos.api.Secret;
import io.custos.api.error.ConfigurationException;
import io.custos.api.error.ProviderUnavailableException;
import io.custos.crypto.LogCapture;
import io.custos.spi.ProviderConfig;
import io.custos.spi.ProviderSelection;
import io.custos.spi.RootKeyProvider;
import io.custos.spi.RootKeyProviderFactory;
import io.custos.spi.SealedKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.Signature;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SoftwareRootKeyProviderTest {
    private static final String PASSWORD = "correct-horse-battery-staple-42";

    @TempDir
    Path dir;

    private RootKeyProvider open(Path file, String password, boolean create) throws Exception {
        SoftwareRootKeyProviderFactory f = new SoftwareRootKeyProviderFactory();
        f.init(new ProviderConfig("software", Map.of(
                SoftwareRootKeyProviderFactory.PATH, file.toString(),
                SoftwareRootKeyProviderFactory.PASSWORD, password,
                SoftwareRootKeyProviderFactory.CREATE, Boolean.toString(create)), name -> null));
        return f.create();
    }

    @Test
    void create_missingKeystoreWithoutCreate_failsWithOwnError() {
        Path file = dir.resolve("keys.p12");
        assertThatThrownBy(() -> open(file, PASSWORD, false))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("CUSTOS-4051 keystore " + file + " does not exist and custos.keystore.create is not true");
        assertThat(file).doesNotExist();
    }

    @Test
    void create_whenTold_makesOwnerOnlyKeystoreAndWarnsItIsNotAnHsm() throws Exception {
        Path file = dir.resolve("sub/keys.p12");
        try (LogCapture logs = new LogCapture(); RootKeyProvider p = open(file, PASSWORD, true)) {
            assertThat(file).exists();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            assertThat(logs.lines()).anyMatch(l -> l.startsWith("WARNING CUSTOS-4050") && l.contains("NOT in an HSM"));
            assertThat(p.health().isUp()).isTrue();
            assertThat(p.health().detail()).contains("not an HSM");
        }
    }

    @Test
    void sealUnseal_roundTrip_andBoundToReference() throws Exception {
        try (RootKeyProvider p = open(dir.resolve("k.p12"), PASSWORD, true)) {
            byte[] material = new byte[32];
            material[0] = 42;
            KeyReference ref = new KeyReference(5, 2);
            SealedKey sealed = p.seal(Secret.copyOf(material), ref);
            assertThat(sealed.rootKeyId()).isEqualTo("software:custos-root-kek-1");
            assertThat(sealed.blob()).hasSize(1 + 12 + 32 + 16);
            try (Secret back = p.unseal(sealed, ref)) {
                assertThat(back.bytes()).isEqualTo(material);
            }
            assertThatThrownBy(() -> p.unseal(sealed, new KeyReference(5, 3)))
                    .isInstanceOf(ProviderUnavailableException.class)
                    .hasMessage("CUSTOS-4003 root-key provider 'software' could not unseal key 5 v3: sealed key is damaged or belongs to another key")
                    .hasNoCause();
            byte[] blob = sealed.blob();
            blob[20] ^= 1;
            assertThatThrownBy(() -> p.unseal(new SealedKey(sealed.rootKeyId(), blob), ref)).hasMessageStartingWith("CUSTOS-4003");
        }
    }

    @Test
    void reopen_sameKeystore_unsealsWhatItSealed() throws Exception {
        Path file = dir.resolve("k.p12");
        KeyReference ref = new KeyReference(1, 1);
        SealedKey sealed;
        try (RootKeyProvider p = open(file, PASSWORD, true)) {
            sealed = p.seal(Secret.copyOf(new byte[32]), ref);
        }
        try (RootKeyProvider p = open(file, PASSWORD, false)) {
            assertThat(p.unseal(sealed, ref).length()).isEqualTo(32);
        }
    }

    @Test
    void open_wrongPassword_failsWithOwnErrorAndNoPassword() throws Exception {
        Path file = dir.resolve("k.p12");
        open(file, PASSWORD, true).close();
        assertThatThrownBy(() -> open(file, "wrong-password-123", false))
                .isInstanceOf(ProviderUnavailableException.class)
                .hasMessage("CUSTOS-4052 keystore " + file + " cannot be opened: wrong password or damaged file")
                .hasNoCause();
    }

    @Test
    void sign_verifiesWithPublicKeyOnly() throws Exception {
        try (RootKeyProvider p = open(dir.resolve("k.p12"), PASSWORD, true)) {
            byte[] data = "checkpoint 1024 root ab12".getBytes();
            byte[] sig = p.sign(data);
            Signature v = Signature.getInstance(p.signatureAlgorithm());
            v.initVerify(p.signingPublicKey());
            v.update(data);
            assertThat(v.verify(sig)).isTrue();
            v.initVerify(p.signingPublicKey());
            v.update("checkpoint 1025 root ab12".getBytes());
            assertThat(v.verify(sig)).isFalse();
        }
    }

    @Test
    void closed_provider_failsClosed() throws Exception {
        RootKeyProvider p = open(dir.resolve("k.p12"), PASSWORD, true);
        p.close();
        assertThat(p.health().isUp()).isFalse();
        assertThatThrownBy(() -> p.seal(Secret.copyOf(new byte[32]), new KeyReference(1, 1))).hasMessageStartingWith("CUSTOS-4001");
    }

    @Test
    void passwordFromEnvironment_whenPropertyAbsent() throws Exception {
        SoftwareRootKeyProviderFactory f = new SoftwareRootKeyProviderFactory();
        assertThatThrownBy(() -> f.init(new ProviderConfig("software", Map.of(SoftwareRootKeyProviderFactory.PATH, "x"), n -> null)))
                .satisfiesAnyOf(
                        t -> assertThat(t).hasMessageContaining("CUSTOS-1002").hasMessageContaining("CUSTOS_KEYSTORE_PASSWORD"),
                        t -> assertThat(System.getenv("CUSTOS_KEYSTORE_PASSWORD")).isNotNull());
    }

    @Test
    void serviceLoader_selectsByIdExplicitly() throws Exception {
        RootKeyProviderFactory f = ProviderSelection.fromServiceLoader("root-key provider", "software",
                RootKeyProviderFactory.class, getClass().getClassLoader());
        assertThat(f).isInstanceOf(SoftwareRootKeyProviderFactory.class);
        assertThatThrownBy(() -> ProviderSelection.fromServiceLoader("root-key provider", "nope",
                RootKeyProviderFactory.class, getClass().getClassLoader()))
                .hasMessageStartingWith("CUSTOS-1003 no root-key provider with id 'nope' is available (found: ");
    }
}
