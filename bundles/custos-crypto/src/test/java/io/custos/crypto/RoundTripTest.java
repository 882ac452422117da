package io.custos.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.custos.api.DataClass;
import io.custos.api.EncryptionMode;
import io.custos.api.FieldProtector;
import io.custos.api.ProtectionContext;
import io.custos.crypto.keys.InMemoryKeySource;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RoundTripTest {
    private final CustosCrypto crypto = CustosCrypto.builder().keySource(new InMemoryKeySource()).build();
    private final ProtectionContext ctx = ProtectionContext.builder().tenant("acme").table("patient").column("name")
            .rowId("42").dataClass(DataClass.PATIENT_CLINICAL).build();

    @ParameterizedTest
    @EnumSource(EncryptionMode.class)
    void encryptText_emptySmallNonAscii_roundTrips(EncryptionMode mode) throws Exception {
        FieldProtector p = crypto.protector(mode);
        for (String value : new String[] {"", "a", "Li Wei", "张伟 — Ünïcödé 🩺", "x".repeat(1000)}) {
            String stored = p.encryptText(value, ctx);
            assertThat(stored).startsWith(CiphertextFormat.TEXT_PREFIX);
            if (value.length() > 4) {
                assertThat(stored).doesNotContain(value);
            }
            assertThat(p.decryptText(stored, ctx)).isEqualTo(value);
            assertThat(stored.length()).isEqualTo(CiphertextFormat.textLength(value.getBytes(StandardCharsets.UTF_8).length,
                    mode == EncryptionMode.RANDOMIZED ? CiphertextFormat.Algorithm.AES_256_GCM : CiphertextFormat.Algorithm.AES_256_SIV));
        }
    }

    @ParameterizedTest
    @EnumSource(EncryptionMode.class)
    void encrypt_multiMegabyteBinary_roundTrips(EncryptionMode mode) throws Exception {
        byte[] value = new byte[6 * 1024 * 1024 + 7];
        new Random(1).nextBytes(value);
        FieldProtector p = crypto.protector(mode);
        byte[] ct = p.encrypt(value, ctx);
        assertThat(ct).hasSize(value.length + (mode == EncryptionMode.RANDOMIZED ? CiphertextFormat.GCM_OVERHEAD : CiphertextFormat.SIV_OVERHEAD));
        assertThat(p.decrypt(ct, ctx)).isEqualTo(value);
    }

    @ParameterizedTest
    @EnumSource(EncryptionMode.class)
    void encrypt_emptyBinary_roundTrips(EncryptionMode mode) throws Exception {
        FieldProtector p = crypto.protector(mode);
        assertThat(p.decrypt(p.encrypt(new byte[0], ctx), ctx)).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void randomized_sameValueTwice_givesDifferentCiphertexts() throws Exception {
        FieldProtector p = crypto.randomized();
        assertThat(p.encryptText("Li Wei", ctx)).isNotEqualTo(p.encryptText("Li Wei", ctx));
    }

    @org.junit.jupiter.api.Test
    void decrypt_byEitherProtector_followsTheHeaderAlgorithm() throws Exception {
        String det = crypto.deterministic().encryptText("SN-0001", ctx);
        String rnd = crypto.randomized().encryptText("SN-0001", ctx);
        assertThat(crypto.randomized().decryptText(det, ctx)).isEqualTo("SN-0001");
        assertThat(crypto.deterministic().decryptText(rnd, ctx)).isEqualTo("SN-0001");
    }

    @org.junit.jupiter.api.Test
    void openText_reportsKeyVersion() throws Exception {
        String stored = crypto.randomized().encryptText("x", ctx);
        var opened = crypto.randomized().openText(stored, ctx, true);
        assertThat(opened.isLegacyPlaintext()).isFalse();
        assertThat(opened.key()).isEqualTo(CiphertextFormat.keyOf(CiphertextFormat.fromText(stored, "t")));
        assertThat(opened.toString()).doesNotContain("x]");
    }
}
