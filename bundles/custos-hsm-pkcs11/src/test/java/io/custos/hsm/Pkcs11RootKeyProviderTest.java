package io.custos.hsm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.custos.api.KeyReference;
import io.custos.api.Secret;
import io.custos.api.error.CryptoException;
import io.custos.api.error.ErrorCode;
import io.custos.hsm.internal.Pkcs11RootKeyProvider;
import io.custos.hsm.internal.Pkcs11Wrapper;
import io.custos.hsm.internal.SealedBlob;
import io.custos.hsm.internal.TokenConnection;
import io.custos.spi.ProviderSelection;
import io.custos.spi.RootKeyProviderFactory;
import io.custos.spi.SealedKey;
import java.security.Key;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SoftHsm.class)
class Pkcs11RootKeyProviderTest {
    private static final KeyReference REF = new KeyReference(7, 3);
    private static Map<String, String> properties;
    private static Pkcs11RootKeyProvider provider;

    @BeforeAll
    static void open() throws Exception {
        properties = SoftHsm.properties(SoftHsm.TOKEN);
        provider = create(properties);
    }

    @AfterAll
    static void close() {
        if (provider != null) {
            provider.close();
        }
    }

    static Pkcs11RootKeyProvider create(Map<String, String> props) throws CryptoException {
        RootKeyProviderFactory factory = ProviderSelection.fromServiceLoader("root-key provider", "pkcs11",
                RootKeyProviderFactory.class, Pkcs11RootKeyProviderTest.class.getClassLoader());
        factory.init(SoftHsm.config(props));
        return (Pkcs11RootKeyProvider) factory.create();
    }

    static Secret randomKey() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return Secret.wrapAndWipe(k);
    }

    @Test
    void sealThenUnseal_sameReference_returnsTheKey() throws Exception {
        try (Secret key = randomKey()) {
            SealedKey sealed = provider.seal(key, REF);
            assertThat(sealed.rootKeyId()).isEqualTo("pkcs11:" + properties.get(Pkcs11RootKeyProviderFactory.KEK_LABEL) + ".v1");
            assertThat(sealed.blob()).hasSize(1 + 12 + 32 + 16);
            assertThat(sealed.blob()[0]).isEqualTo((byte) SealedBlob.VERSION_1);
            try (Secret back = provider.unseal(sealed, REF)) {
                assertThat(back).isEqualTo(key);
            }
        }
    }

    @Test
    void seal_twice_givesDifferentBlobs() throws Exception {
        try (Secret key = randomKey()) {
            assertThat(provider.seal(key, REF).blob()).isNotEqualTo(provider.seal(key, REF).blob());
        }
    }

    @Test
    void unseal_otherReference_failsWith4003() throws Exception {
        try (Secret key = randomKey()) {
            SealedKey sealed = provider.seal(key, REF);
            for (KeyReference other : List.of(new KeyReference(7, 4), new KeyReference(8, 3))) {
                assertThatThrownBy(() -> provider.unseal(sealed, other))
                        .isInstanceOf(CryptoException.class).hasMessageStartingWith("CUSTOS-4003").hasNoCause();
            }
        }
    }

    @Test
    void unseal_anyBitFlipped_failsWith4003() throws Exception {
        try (Secret key = randomKey()) {
            SealedKey sealed = provider.seal(key, REF);
            byte[] blob = sealed.blob();
            for (int bit = 0; bit < blob.length * 8; bit++) {
                byte[] bad = blob.clone();
                bad[bit / 8] ^= (byte) (1 << (bit % 8));
                SealedKey tampered = new SealedKey(sealed.rootKeyId(), bad);
                assertThatThrownBy(() -> provider.unseal(tampered, REF))
                        .isInstanceOf(CryptoException.class)
                        .extracting(e -> ((CryptoException) e).code()).isEqualTo(ErrorCode.UNSEAL_FAILED);
            }
            assertThatThrownBy(() -> provider.unseal(new SealedKey(sealed.rootKeyId(), new byte[5]), REF))
                    .hasMessageStartingWith("CUSTOS-4003");
        }
    }

    @Test
    void unseal_relabelledToAnotherRootKey_fails() throws Exception {
        try (Secret key = randomKey()) {
            SealedKey sealed = provider.seal(key, REF);
            assertThatThrownBy(() -> provider.unseal(new SealedKey("pkcs11:elsewhere.v1", sealed.blob()), REF))
                    .hasMessageStartingWith("CUSTOS-4109");
            assertThatThrownBy(() -> provider.unseal(new SealedKey(sealed.rootKeyId().replace(".v1", ".v9"),
                    sealed.blob()), REF)).hasMessageStartingWith("CUSTOS-4109");
        }
    }

    @Test
    void sign_verifiesWithThePublicKeyOutsideTheToken() throws Exception {
        byte[] data = "checkpoint 42".getBytes();
        byte[] sig = provider.sign(data);
        Signature v = Signature.getInstance(provider.signatureAlgorithm(), "SunEC");
        v.initVerify(provider.signingPublicKey());
        v.update(data);
        assertThat(v.verify(sig)).isTrue();
        v.initVerify(provider.signingPublicKey());
        v.update("checkpoint 43".getBytes());
        assertThat(v.verify(sig)).isFalse();
        assertThat(provider.signingPublicKey().getAlgorithm()).isEqualTo("EC");
    }

    @Test
    void tokenKeys_inTheJvm_areHandlesWithoutMaterial() {
        Map<String, Key> handles = provider.connection().keyHandles();
        assertThat(handles).hasSize(2);
        handles.values().forEach(k -> {
            assertThat(k.getEncoded()).isNull();
            assertThat(TokenConnection.isProtectedHandle(k)).isTrue();
        });
    }

    @Test
    void tokenKeys_inTheToken_areSensitiveAndNeverExtractable_pkcs11Tool() throws Exception {
        String out = SoftHsm.pkcs11Tool(SoftHsm.TOKEN, "--list-objects");
        String kek = objectBlock(out, "Secret Key Object", "label:      " + properties.get(Pkcs11RootKeyProviderFactory.KEK_LABEL) + ".v1");
        String cert = objectBlock(out, "Certificate Object", "label:      " + properties.get(Pkcs11RootKeyProviderFactory.SIGNING_LABEL));
        String id = cert.lines().filter(l -> l.strip().startsWith("ID:")).findFirst().orElseThrow().strip();
        String signing = objectBlock(out, "Private Key Object", id);
        assertThat(kek).contains("AES length 32");
        assertThat(signing).contains("EC");
        for (String block : List.of(kek, signing)) {
            String access = block.lines().filter(l -> l.strip().startsWith("Access:")).findFirst().orElseThrow();
            assertThat(access).contains("sensitive").contains("always sensitive").contains("never extractable")
                    .doesNotContain(", extractable").contains("local");
            String usage = block.lines().filter(l -> l.strip().startsWith("Usage:")).findFirst().orElseThrow();
            assertThat(usage).doesNotContain("wrap");
        }
    }

    @Test
    void tokenKeys_attributesReadThroughTheWrapper_sensitiveNotExtractable() throws Exception {
        long slot = provider.connection().slot().slotId();
        // CKA_TOKEN, CKA_SENSITIVE, CKA_EXTRACTABLE, CKA_ALWAYS_SENSITIVE, CKA_NEVER_EXTRACTABLE
        long[] types = {0x1L, 0x103L, 0x162L, 0x165L, 0x164L};
        List<boolean[]> kek = Pkcs11Wrapper.booleanAttributes(SoftHsm.library(), slot, Pkcs11Wrapper.CKO_SECRET_KEY, Pkcs11Wrapper.CKA_LABEL,
                properties.get(Pkcs11RootKeyProviderFactory.KEK_LABEL) + ".v1", types);
        assertThat(kek).hasSize(1);
        assertThat(kek.get(0)).containsExactly(true, true, false, true, true);
        // SunPKCS11's key store gives the private key the certificate's CKA_ID (the alias) and no label
        List<boolean[]> signing = Pkcs11Wrapper.booleanAttributes(SoftHsm.library(), slot, Pkcs11Wrapper.CKO_PRIVATE_KEY, Pkcs11Wrapper.CKA_ID,
                properties.get(Pkcs11RootKeyProviderFactory.SIGNING_LABEL).getBytes(), types);
        assertThat(signing).hasSize(1);
        assertThat(signing.get(0)).containsExactly(true, true, false, true, true);
    }

    @Test
    void kekVersion2_sealsWithV2_andV1BlobsStillUnseal() throws Exception {
        try (Secret key = randomKey()) {
            SealedKey old = provider.seal(key, REF);
            Map<String, String> v2 = new java.util.HashMap<>(properties);
            v2.put(Pkcs11RootKeyProviderFactory.KEK_VERSION, "2");
            try (Pkcs11RootKeyProvider rotated = create(v2)) {
                SealedKey fresh = rotated.seal(key, REF);
                assertThat(fresh.rootKeyId()).endsWith(".v2");
                try (Secret a = rotated.unseal(old, REF); Secret b = rotated.unseal(fresh, REF)) {
                    assertThat(a).isEqualTo(key);
                    assertThat(b).isEqualTo(key);
                }
                assertThatThrownBy(() -> provider.unseal(fresh, REF)).hasMessageStartingWith("CUSTOS-4109");
            }
        }
    }

    @Test
    void secondProvider_sameLabels_findsTheSameKeys() throws Exception {
        Map<String, String> noGeneration = new java.util.HashMap<>(properties);
        noGeneration.put(Pkcs11RootKeyProviderFactory.GENERATE_KEYS, "false");
        try (Secret key = randomKey(); Pkcs11RootKeyProvider again = create(noGeneration)) {
            SealedKey sealed = provider.seal(key, REF);
            try (Secret back = again.unseal(sealed, REF)) {
                assertThat(back).isEqualTo(key);
            }
            assertThat(again.signingPublicKey()).isEqualTo(provider.signingPublicKey());
        }
    }

    @Test
    void health_tokenReachable_isUp() {
        assertThat(provider.health().isUp()).isTrue();
        assertThat(provider.id()).isEqualTo("pkcs11");
    }

    static String objectBlock(String listing, String type, String line) {
        for (String block : listing.split("\n(?=\\S)")) {
            if (block.startsWith(type) && block.lines().anyMatch(l -> l.strip().equals(line))) {
                return block;
            }
        }
        throw new AssertionError("no " + type + " with " + line + " in\n" + listing);
    }
}
