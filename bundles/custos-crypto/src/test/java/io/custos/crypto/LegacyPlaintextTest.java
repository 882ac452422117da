package io.custos.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.custos.api.FieldProtector;
import io.custos.api.OpenedValue;
import io.custos.api.ProtectionContext;
import io.custos.api.error.MalformedCiphertextException;
import io.custos.crypto.keys.InMemoryKeySource;
import org.junit.jupiter.api.Test;

class LegacyPlaintextTest {
    private final FieldProtector p = CustosCrypto.builder().keySource(new InMemoryKeySource()).build().randomized();
    private final ProtectionContext ctx = ProtectionContext.builder().tenant("acme").table("CUSTOMER").column("PHONE").rowId("7").build();

    @Test
    void openText_legacyPlaintextAccepted_isReturnedAndMarkedLegacy() throws Exception {
        for (String legacy : new String[] {"+86 138 0013 8000", "$cu2$abc", "cu1:xyz", "$CU1$ABC", " $cu1$", "Li Wei"}) {
            OpenedValue<String> opened = p.openText(legacy, ctx, true);
            assertThat(opened.isLegacyPlaintext()).as(legacy).isTrue();
            assertThat(opened.value()).isEqualTo(legacy);
        }
    }

    @Test
    void openText_legacyPlaintextNotAccepted_isRefusedWithoutTheValue() {
        assertThatThrownBy(() -> p.openText("+86 138 0013 8000", ctx, false))
                .isInstanceOf(MalformedCiphertextException.class)
                .hasMessage("CUSTOS-2006 column CUSTOMER.PHONE holds a value that is not encrypted and legacy plaintext is not accepted there");
    }

    @Test
    void openText_ciphertext_isNeverMistakenForLegacy() throws Exception {
        String stored = p.encryptText("+86 138 0013 8000", ctx);
        OpenedValue<String> opened = p.openText(stored, ctx, true);
        assertThat(opened.isLegacyPlaintext()).isFalse();
        assertThat(opened.value()).isEqualTo("+86 138 0013 8000");
    }

    @Test
    void openText_damagedCiphertext_failsEvenWhenLegacyIsAccepted() throws Exception {
        String stored = p.encryptText("+86 138 0013 8000", ctx);
        String truncated = stored.substring(0, stored.length() - 3);
        char last = stored.charAt(stored.length() - 1);
        String flipped = stored.substring(0, stored.length() - 1) + (last == 'A' ? 'B' : 'A');
        assertThatThrownBy(() -> p.openText(truncated, ctx, true)).isInstanceOf(io.custos.api.error.CryptoException.class);
        assertThatThrownBy(() -> p.openText(flipped, ctx, true)).isInstanceOf(io.custos.api.error.CryptoException.class);
        assertThatThrownBy(() -> p.openText(CiphertextFormat.TEXT_PREFIX, ctx, true)).isInstanceOf(MalformedCiphertextException.class);
    }

    @Test
    void looksLikeCiphertext_binary_recognisesOnlyMagicAndVersion() throws Exception {
        assertThat(CiphertextFormat.looksLikeCiphertext(p.encrypt(new byte[] {1}, ctx))).isTrue();
        assertThat(CiphertextFormat.looksLikeCiphertext(new byte[] {(byte) 0xCE, 2})).isFalse();
        assertThat(CiphertextFormat.looksLikeCiphertext("plain".getBytes())).isFalse();
        assertThat(CiphertextFormat.looksLikeCiphertext(new byte[0])).isFalse();
    }
}
