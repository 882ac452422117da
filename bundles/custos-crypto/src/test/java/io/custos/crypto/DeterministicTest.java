package io.custos.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.custos.api.FieldProtector;
import io.custos.api.ProtectionContext;
import io.custos.crypto.keys.InMemoryKeySource;
import org.junit.jupiter.api.Test;

class DeterministicTest {
    private final CustosCrypto crypto = CustosCrypto.builder().keySource(new InMemoryKeySource()).build();
    private final FieldProtector det = crypto.deterministic();
    private final ProtectionContext serial = ProtectionContext.of("acme", "DEVICE", "SERIAL_NO");

    @Test
    void encrypt_sameValueSameColumn_sameCiphertextWhateverTheRow() throws Exception {
        String a = det.encryptText("SN-2024-000123", serial.withRowId("1"));
        String b = det.encryptText("SN-2024-000123", serial.withRowId("2"));
        assertThat(a).isEqualTo(b);
        assertThat(det.decryptText(a, serial.withRowId("3"))).isEqualTo("SN-2024-000123");
    }

    @Test
    void encrypt_sameValueOtherColumnOrTenant_differentCiphertext() throws Exception {
        String a = det.encryptText("SN-2024-000123", serial);
        String otherColumn = det.encryptText("SN-2024-000123", ProtectionContext.of("acme", "DEVICE", "LOT_NO"));
        String otherTenant = det.encryptText("SN-2024-000123", ProtectionContext.of("globex", "DEVICE", "SERIAL_NO"));
        assertThat(a).isNotEqualTo(otherColumn).isNotEqualTo(otherTenant);
        // the body (after the header) differs too, not only the header's key id and context check
        assertThat(a.substring(30)).isNotEqualTo(otherColumn.substring(30));
    }

    @Test
    void encrypt_differentValues_differentCiphertexts() throws Exception {
        assertThat(det.encryptText("A", serial)).isNotEqualTo(det.encryptText("B", serial));
    }

    @Test
    void tableAndColumnNames_areCaseInsensitive() throws Exception {
        String a = det.encryptText("v", ProtectionContext.of("acme", "device", "serial_no"));
        assertThat(a).isEqualTo(det.encryptText("v", serial));
    }
}
