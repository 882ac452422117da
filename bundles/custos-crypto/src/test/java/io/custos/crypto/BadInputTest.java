package io.custos.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.custos.api.EncryptionMode;
import io.custos.api.FieldProtector;
import io.custos.api.KeyReference;
import io.custos.api.ProtectionContext;
import io.custos.api.error.ContextMismatchException;
import io.custos.api.error.CryptoException;
import io.custos.api.error.DecryptionFailedException;
import io.custos.api.error.ErrorCode;
import io.custos.api.error.KeyNotFoundException;
import io.custos.api.error.KeyShreddedException;
import io.custos.api.error.MalformedCiphertextException;
import io.custos.api.error.ValueTooLargeException;
import io.custos.crypto.keys.InMemoryKeySource;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BadInputTest {
    private final InMemoryKeySource keys = new InMemoryKeySource();
    private final CustosCrypto crypto = CustosCrypto.builder().keySource(keys).maxValueBytes(1 << 20).build();
    private final ProtectionContext row42 = ProtectionContext.builder().tenant("acme").table("PATIENT").column("NAME").rowId("42").build();
    private final byte[] secret = "Zhang Wei, born 1961-04-02".getBytes(StandardCharsets.UTF_8);

    @ParameterizedTest
    @EnumSource(EncryptionMode.class)
    void decrypt_bitFlippedAtEveryPosition_isRejected(EncryptionMode mode) throws Exception {
        FieldProtector p = crypto.protector(mode);
        byte[] ct = p.encrypt(secret, row42);
        for (int bit = 0; bit < ct.length * 8; bit++) {
            byte[] tampered = ct.clone();
            tampered[bit / 8] ^= (byte) (1 << (bit % 8));
            Throwable t = catchThrowable(() -> p.decrypt(tampered, row42));
            assertThat(t).as("bit %d", bit).isInstanceOf(CryptoException.class);
            assertThat(t.getCause()).as("bit %d", bit).isNull();
            assertThat(t.getMessage()).as("bit %d", bit).startsWith("CUSTOS-").contains("PATIENT.NAME");
        }
    }

    @ParameterizedTest
    @EnumSource(EncryptionMode.class)
    void decryptText_anyCharacterReplaced_isRejected_evenInTheLastCharactersUnusedBits(EncryptionMode mode)
            throws Exception {
        FieldProtector p = crypto.protector(mode);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        // three plaintext lengths give every base64 tail: 0, 2 or 4 unused bits in the last character
        for (int extra = 0; extra < 3; extra++) {
            String plain = "Zhang Wei" + "x".repeat(extra);
            String ct = p.encryptText(plain, row42);
            for (int at = CiphertextFormat.TEXT_PREFIX.length(); at < ct.length(); at++) {
                for (char c : alphabet.toCharArray()) {
                    if (c == ct.charAt(at)) {
                        continue;
                    }
                    String tampered = ct.substring(0, at) + c + ct.substring(at + 1);
                    Throwable t = catchThrowable(() -> p.decryptText(tampered, row42));
                    assertThat(t).as("length %d, position %d, '%s'", ct.length(), at, c).isInstanceOf(CryptoException.class);
                    assertThat(t.getMessage()).doesNotContain(plain);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(EncryptionMode.class)
    void decrypt_truncatedAtEveryLength_isRejected(EncryptionMode mode) throws Exception {
        FieldProtector p = crypto.protector(mode);
        byte[] ct = p.encrypt(secret, row42);
        for (int len = 0; len < ct.length; len++) {
            byte[] cut = Arrays.copyOf(ct, len);
            Throwable t = catchThrowable(() -> p.decrypt(cut, row42));
            assertThat(t).as("length %d", len).isInstanceOfAny(MalformedCiphertextException.class, DecryptionFailedException.class);
        }
    }

    @Test
    void decrypt_empty_isMalformedWithOwnMessage() {
        assertThatThrownBy(() -> crypto.randomized().decrypt(new byte[0], row42))
                .isInstanceOf(MalformedCiphertextException.class)
                .hasMessage("CUSTOS-2001 value in column PATIENT.NAME is not a Custos ciphertext (empty)");
        assertThatThrownBy(() -> crypto.randomized().decryptText("", row42))
                .isInstanceOf(MalformedCiphertextException.class).hasMessageContaining("CUSTOS-2001");
    }

    @Test
    void decrypt_foreignCiphertext_isMalformed() {
        // a Jasypt-style Base64 value and raw random bytes: neither is a Custos ciphertext
        assertThatThrownBy(() -> crypto.randomized().decryptText("fGq2yPZ+1m9sX8wq0rG7YA==", row42))
                .isInstanceOf(MalformedCiphertextException.class).hasMessageStartingWith("CUSTOS-2006");
        assertThatThrownBy(() -> crypto.randomized().decrypt(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}, row42))
                .isInstanceOf(MalformedCiphertextException.class).hasMessageContaining("unknown magic byte");
        assertThatThrownBy(() -> crypto.randomized().decryptText(CiphertextFormat.TEXT_PREFIX + "!!not base64!!", row42))
                .isInstanceOf(MalformedCiphertextException.class).hasMessageContaining("invalid text encoding");
    }

    @Test
    void decrypt_unknownFormatVersionOrAlgorithm_isUnsupported() throws Exception {
        byte[] ct = crypto.randomized().encrypt(secret, row42);
        ct[1] = 9;
        assertThatThrownBy(() -> crypto.randomized().decrypt(ct, row42)).hasMessage(
                "CUSTOS-2002 value in column PATIENT.NAME uses unsupported ciphertext format version 9");
        ct[1] = 1;
        ct[2] = 7;
        assertThatThrownBy(() -> crypto.randomized().decrypt(ct, row42)).hasMessageContaining("algorithm 7");
    }

    @Test
    void encrypt_oversizedValue_isRefusedBeforeAnyWork() {
        assertThatThrownBy(() -> crypto.randomized().encrypt(new byte[(1 << 20) + 1], row42))
                .isInstanceOf(ValueTooLargeException.class)
                .hasMessage("CUSTOS-2005 value for column PATIENT.NAME has 1048577 bytes, above the limit of 1048576");
    }

    @Test
    void decrypt_oversizedCiphertext_isRefused() {
        assertThatThrownBy(() -> crypto.randomized().decrypt(new byte[(1 << 20) + 1000], row42)).isInstanceOf(ValueTooLargeException.class);
        assertThatThrownBy(() -> crypto.randomized().decryptText(CiphertextFormat.TEXT_PREFIX + "A".repeat(2 << 20), row42))
                .isInstanceOf(ValueTooLargeException.class);
    }

    @ParameterizedTest
    @EnumSource(EncryptionMode.class)
    void decrypt_valueMovedToAnotherColumnOrTenant_isContextMismatch(EncryptionMode mode) throws Exception {
        FieldProtector p = crypto.protector(mode);
        byte[] ct = p.encrypt(secret, row42);
        ProtectionContext otherColumn = row42.toBuilder().column("ADDRESS").build();
        ProtectionContext otherTenant = row42.toBuilder().tenant("globex").build();
        assertThatThrownBy(() -> p.decrypt(ct, otherColumn)).isInstanceOf(ContextMismatchException.class)
                .hasMessageStartingWith("CUSTOS-2004 value in column PATIENT.ADDRESS was encrypted for another row or column");
        assertThatThrownBy(() -> p.decrypt(ct, otherTenant)).isInstanceOf(ContextMismatchException.class);
    }

    @Test
    void decrypt_randomizedValueMovedToAnotherRow_isContextMismatch() throws Exception {
        byte[] ct = crypto.randomized().encrypt(secret, row42);
        assertThatThrownBy(() -> crypto.randomized().decrypt(ct, row42.withRowId("43")))
                .isInstanceOf(ContextMismatchException.class).hasMessageContaining("PATIENT.NAME");
    }

    @Test
    void decrypt_movedValueWithForgedContextCheck_stillFailsAuthentication() throws Exception {
        byte[] ct = crypto.randomized().encrypt(secret, row42);
        ProtectionContext row43 = row42.withRowId("43");
        int forged = row43.contextCheck(true);
        ct[11] = (byte) (forged >>> 24);
        ct[12] = (byte) (forged >>> 16);
        ct[13] = (byte) (forged >>> 8);
        ct[14] = (byte) forged;
        assertThatThrownBy(() -> crypto.randomized().decrypt(ct, row43))
                .isExactlyInstanceOf(DecryptionFailedException.class)
                .hasMessageStartingWith("CUSTOS-2003 decryption failed for column PATIENT.NAME, key ")
                .hasNoCause();
    }

    @Test
    void decrypt_wrongKeyVersionInHeader_isUnknownKeyOrFails() throws Exception {
        byte[] ct = crypto.randomized().encrypt(secret, row42);
        KeyReference ref = CiphertextFormat.keyOf(ct);
        byte[] otherVersion = ct.clone();
        otherVersion[10] = (byte) (ref.version() + 1);
        assertThatThrownBy(() -> crypto.randomized().decrypt(otherVersion, row42))
                .isInstanceOf(KeyNotFoundException.class)
                .hasMessage("CUSTOS-3005 value in column PATIENT.NAME needs key " + ref.keyId() + " v" + (ref.version() + 1) + ", which does not exist");
        keys.rotate(ref);
        assertThatThrownBy(() -> crypto.randomized().decrypt(otherVersion, row42))
                .isExactlyInstanceOf(DecryptionFailedException.class);
        assertThat(crypto.randomized().decrypt(ct, row42)).isEqualTo(secret);
    }

    @Test
    void decrypt_destroyedKey_reportsShredded() throws Exception {
        byte[] ct = crypto.randomized().encrypt(secret, row42);
        KeyReference ref = CiphertextFormat.keyOf(ct);
        keys.destroy(ref);
        assertThatThrownBy(() -> crypto.randomized().decrypt(ct, row42))
                .isInstanceOf(KeyShreddedException.class)
                .hasMessage("CUSTOS-3003 " + ref + " was destroyed (crypto-shredded); data under it is permanently unreadable");
    }

    @Test
    void contextCheck_isCrc32cOfCanonicalContext() {
        CRC32C crc = new CRC32C();
        crc.update(row42.associatedData(true));
        assertThat(row42.contextCheck(true)).isEqualTo((int) crc.getValue());
        assertThat(ErrorCode.CONTEXT_MISMATCH.number()).isEqualTo(2004);
    }
}
