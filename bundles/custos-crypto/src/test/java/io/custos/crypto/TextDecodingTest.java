package io.custos.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.custos.api.DataClass;
import io.custos.api.FieldProtector;
import io.custos.api.ProtectionContext;
import io.custos.api.error.ErrorCode;
import io.custos.crypto.keys.InMemoryKeySource;
import org.junit.jupiter.api.Test;

/** Decrypted text is strict UTF-8: malformed bytes are refused, never replaced. */
class TextDecodingTest {
    private final FieldProtector gcm = CustosCrypto.builder().keySource(new InMemoryKeySource()).build().randomized();
    private final ProtectionContext ctx = ProtectionContext.builder().tenant("acme").table("PATIENT").column("NOTE")
            .rowId("7").dataClass(DataClass.PATIENT_CLINICAL).build();

    @Test
    void openText_asciiAndNonAsciiAndGenuineReplacementCharacter_roundTrip() throws Exception {
        for (String value : new String[] {"plain ascii", "\u674e\u4f1f, M\u00fcller", "kept \uFFFD as written", ""}) {
            assertThat(gcm.decryptText(gcm.encryptText(value, ctx), ctx)).isEqualTo(value);
        }
    }

    @Test
    void openText_bytesThatAreNotUtf8_areRefusedNotReplaced() throws Exception {
        String stored = CiphertextFormat.toText(gcm.encrypt(new byte[] {'a', (byte) 0xC3, (byte) 0x28, 'b'}, ctx));
        assertThatThrownBy(() -> gcm.decryptText(stored, ctx))
                .hasMessageContaining(ErrorCode.NOT_CIPHERTEXT.id())
                .hasMessageContaining("not UTF-8");
    }
}
