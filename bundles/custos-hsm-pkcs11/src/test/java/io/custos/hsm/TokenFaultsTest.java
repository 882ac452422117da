package io.custos.hsm;

import static org.assertj.core.api.Assertions.assertThat;


import io.custos.api.KeyReference;
import io.custos.api.Secret;
import io.custos.api.error.CryptoException;
import io.custos.api.error.ErrorCode;
import io.custos.api.error.ProviderUnavailableException;
import io.custos.hsm.internal.Pkcs11RootKeyProvider;
import io.custos.hsm.internal.Pkcs11Wrapper;
import io.custos.spi.ProviderHealth;
import io.custos.spi.SealedKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Provokes each fault on the real token while a provider runs: session lost, token removed (its folder
 * moved out of the token store), library failed (finalised, with a broken configuration on re-initialisation),
 * PIN no longer accepted (changed by the security officer while the library restarts: SoftHSM2 never locks a
 * PIN, so this stands in for a locked one).
 */
@ExtendWith(SoftHsm.class)
@TestMethodOrder(MethodOrderer.MethodName.class)
class TokenFaultsTest {
    private static final KeyReference A = new KeyReference(1, 1);
    private static final KeyReference B = new KeyReference(2, 1);
    private Pkcs11RootKeyProvider provider;

    private Pkcs11RootKeyProvider open(Map<String, String> extra) throws CryptoException {
        Map<String, String> p = SoftHsm.properties(SoftHsm.FAULT_TOKEN);
        p.put(Pkcs11RootKeyProviderFactory.UNSEALED_KEY_TTL, "PT2S");
        p.put(Pkcs11RootKeyProviderFactory.RECONNECT_INTERVAL, "PT0.2S");
        p.putAll(extra);
        Pkcs11RootKeyProviderFactory f = new Pkcs11RootKeyProviderFactory();
        f.init(SoftHsm.config(p));
        provider = (Pkcs11RootKeyProvider) f.create();
        return provider;
    }

    @AfterEach
    void closeProvider() {
        if (provider != null) {
            provider.close();
        }
    }

    @Test
    void a_sessionLost_nextOperationReconnectsUnnoticed() throws Exception {
        open(Map.of());
        try (Secret key = Pkcs11RootKeyProviderTest.randomKey()) {
            SealedKey sealed = provider.seal(key, A);
            assertThat(Pkcs11Wrapper.closeSessions(SoftHsm.library(), 2000)).isPositive();
            try (Secret back = provider.unseal(sealed, A)) {
                assertThat(back).isEqualTo(key);
            }
            assertThat(provider.seal(key, B).rootKeyId()).isEqualTo(sealed.rootKeyId());
            assertThat(provider.reconnects()).isEqualTo(1);
            assertThat(provider.servedFromCache()).isZero();
        }
    }

    @Test
    void b_tokenRemoved_sealFailsClosed_cachedKeysServeUntilTtl_thenReconnects() throws Exception {
        open(Map.of());
        Path dir = SoftHsm.tokenDir(SoftHsm.FAULT_TOKEN);
        Path away = SoftHsm.home().resolve("removed-token"); // outside the token store
        try (Secret a = Pkcs11RootKeyProviderTest.randomKey(); Secret b = Pkcs11RootKeyProviderTest.randomKey()) {
            SealedKey sealedA = provider.seal(a, A);
            SealedKey sealedB;
            try (Pkcs11RootKeyProvider other = secondProviderOnSameKeys()) {
                sealedB = other.seal(b, B);
            }
            Files.move(dir, away);
            try {
                assertUnreachable(() -> provider.seal(a, A));
                try (Secret cached = provider.unseal(sealedA, A)) {
                    assertThat(cached).isEqualTo(a);
                }
                assertThat(provider.servedFromCache()).isEqualTo(1);
                assertUnreachable(() -> provider.unseal(sealedB, B)); // never unsealed here: fails closed
                assertUnreachable(() -> provider.unseal(sealedA, B)); // cached, but not under this reference
                assertThat(provider.health().status()).isEqualTo(ProviderHealth.Status.DEGRADED);
                assertUnreachable(() -> provider.sign(new byte[] {1}));
                Thread.sleep(2100); // past the unsealed-key TTL
                assertUnreachable(() -> provider.unseal(sealedA, A));
                assertThat(provider.health().status()).isEqualTo(ProviderHealth.Status.DOWN);
            } finally {
                Files.move(away, dir);
            }
            long before = provider.reconnects();
            SealedKey again = eventually(() -> provider.seal(a, A));
            assertThat(provider.reconnects()).isGreaterThan(before);
            try (Secret x = provider.unseal(again, A); Secret y = provider.unseal(sealedB, B)) {
                assertThat(x).isEqualTo(a);
                assertThat(y).isEqualTo(b);
            }
            assertThat(provider.health().isUp()).isTrue();
        }
    }

    @Test
    void c_libraryFailed_andCannotStart_failsClosed_thenReconnectsWhenItCan() throws Exception {
        open(Map.of());
        Path conf = Path.of(System.getenv("SOFTHSM2_CONF"));
        Path saved = conf.resolveSibling("softhsm2.conf.saved");
        try (Secret a = Pkcs11RootKeyProviderTest.randomKey()) {
            SealedKey sealedA = provider.seal(a, A);
            Files.copy(conf, saved, StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(conf, "directories.tokendir = " + SoftHsm.home().resolve("no-such-dir") + "/\n");
            try {
                Pkcs11Wrapper.finalizeLibrary(SoftHsm.library());
                assertUnreachable(() -> provider.seal(a, A));
                Thread.sleep(300);
                assertUnreachable(() -> provider.seal(a, A)); // re-initialisation fails on the broken configuration
                try (Secret cached = provider.unseal(sealedA, A)) {
                    assertThat(cached).isEqualTo(a);
                }
            } finally {
                Files.move(saved, conf, StandardCopyOption.REPLACE_EXISTING);
            }
            SealedKey again = eventually(() -> provider.seal(a, A));
            try (Secret x = provider.unseal(again, A)) {
                assertThat(x).isEqualTo(a);
            }
        }
    }

    @Test
    void d_pinNoLongerAccepted_notRetriedUntilThePinChanges_thenReconnects() throws Exception {
        Path pinFile = SoftHsm.home().resolve("faults.pin");
        Files.writeString(pinFile, SoftHsm.PIN + "\n");
        open(Map.of(Pkcs11RootKeyProviderFactory.PIN, "file:" + pinFile));
        String newPin = "1357-changed";
        try (Secret a = Pkcs11RootKeyProviderTest.randomKey()) {
            SealedKey sealedA = provider.seal(a, A);
            setUserPin(newPin);
            try {
                // The token restarts (the library loses its state) and now wants the new PIN.
                Pkcs11Wrapper.finalizeLibrary(SoftHsm.library());
                CryptoException refused = unreachable(() -> provider.seal(a, A));
                assertThat(refused.code()).isEqualTo(ErrorCode.HSM_LOGIN_REFUSED);
                long attempts = provider.loginAttempts();
                for (int i = 0; i < 3; i++) {
                    Thread.sleep(250);
                    assertThat(unreachable(() -> provider.seal(a, A)).getMessage()).contains("refused earlier");
                }
                assertThat(provider.loginAttempts()).as("the refused PIN is not presented again").isEqualTo(attempts);
                try (Secret cached = provider.unseal(sealedA, A)) {
                    assertThat(cached).isEqualTo(a);
                }
                Files.writeString(pinFile, newPin + "\n");
                SealedKey again = eventually(() -> provider.seal(a, A));
                assertThat(provider.loginAttempts()).isEqualTo(attempts + 1);
                try (Secret x = provider.unseal(again, A)) {
                    assertThat(x).isEqualTo(a);
                }
            } finally {
                setUserPin(SoftHsm.PIN);
            }
        }
    }

    private Pkcs11RootKeyProvider secondProviderOnSameKeys() throws CryptoException {
        Map<String, String> p = SoftHsm.properties(SoftHsm.FAULT_TOKEN);
        p.put(Pkcs11RootKeyProviderFactory.KEK_LABEL, provider.settings().kekLabel());
        p.put(Pkcs11RootKeyProviderFactory.SIGNING_LABEL, provider.settings().signingLabel());
        Pkcs11RootKeyProviderFactory f = new Pkcs11RootKeyProviderFactory();
        f.init(SoftHsm.config(p));
        return (Pkcs11RootKeyProvider) f.create();
    }

    private static void setUserPin(String pin) throws Exception {
        SoftHsm.run("pkcs11-tool", "--module", SoftHsm.library(), "--token-label", SoftHsm.FAULT_TOKEN,
                "--login", "--login-type", "so", "--so-pin", SoftHsm.SO_PIN, "--init-pin", "--new-pin", pin);
    }

    private static void assertUnreachable(Callable<?> op) {
        CryptoException e = unreachable(op);
        assertThat(e.code()).isIn(ErrorCode.HSM_TOKEN_UNREACHABLE, ErrorCode.HSM_LOGIN_REFUSED);
    }

    private static CryptoException unreachable(Callable<?> op) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(op::call);
        assertThat(t).isInstanceOf(ProviderUnavailableException.class).hasNoCause();
        assertThat(t.getMessage()).contains(SoftHsm.FAULT_TOKEN);
        return (CryptoException) t;
    }

    /** Retries until the provider has reconnected (bounded; no timing is asserted). */
    private static <T> T eventually(Callable<T> op) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try {
                return op.call();
            } catch (ProviderUnavailableException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }
}
