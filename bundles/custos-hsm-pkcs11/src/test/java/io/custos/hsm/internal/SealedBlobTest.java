package io.custos.hsm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.custos.api.KeyReference;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SealedBlobTest {

    @Test
    void encode_thenParse_roundTrips() {
        SealedBlob b = new SealedBlob(1, new byte[12], new byte[48]);
        byte[] encoded = b.encode();
        assertThat(encoded).hasSize(61);
        assertThat(encoded[0]).isEqualTo((byte) 1);
        assertThat(SealedBlob.parse(encoded)).isEqualTo(b);
    }

    @Test
    void parse_unknownVersionOrTooShort_returnsNull() {
        byte[] encoded = new SealedBlob(1, new byte[12], new byte[48]).encode();
        encoded[0] = 2;
        assertThat(SealedBlob.parse(encoded)).isNull();
        assertThat(SealedBlob.parse(new byte[1 + 12 + 16])).isNull();
        assertThat(SealedBlob.parse(new byte[0])).isNull();
    }

    @Test
    void associatedData_knownAnswer() {
        byte[] aad = SealedBlob.associatedData(1, "pkcs11:k.v1", new KeyReference(7, 3));
        assertThat(HexFormat.of().formatHex(aad)).isEqualTo(
                HexFormat.of().formatHex("custos-hsm-seal".getBytes()) + "01" + "000b"
                        + HexFormat.of().formatHex("pkcs11:k.v1".getBytes()) + "0000000000000007" + "0000000000000003");
    }

    @Test
    void associatedData_differsPerReferenceAndRootKey() {
        byte[] a = SealedBlob.associatedData(1, "pkcs11:k.v1", new KeyReference(7, 3));
        assertThat(a).isNotEqualTo(SealedBlob.associatedData(1, "pkcs11:k.v1", new KeyReference(7, 4)))
                .isNotEqualTo(SealedBlob.associatedData(1, "pkcs11:k.v2", new KeyReference(7, 3)))
                .isNotEqualTo(SealedBlob.associatedData(2, "pkcs11:k.v1", new KeyReference(7, 3)));
    }

    @Test
    void toString_showsSizeOnly() {
        assertThat(new SealedBlob(1, new byte[12], new byte[48])).hasToString("SealedBlob[v1, 48 bytes]");
    }
}
