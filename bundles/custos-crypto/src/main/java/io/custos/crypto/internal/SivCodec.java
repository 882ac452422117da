package io.custos.crypto.internal;

import static io.custos.crypto.CiphertextFormat.HEADER_LENGTH;

import com.google.crypto.tink.subtle.AesSiv;
import io.custos.api.ProtectionContext;
import io.custos.crypto.CiphertextFormat;
import io.custos.crypto.CiphertextFormat.Algorithm;
import io.custos.spi.DataKey;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/**
 * Deterministic encryption: AES-SIV (RFC 5297) with a 512-bit key derived per tenant and column from the
 * data key by HKDF, so equal values in different columns or tenants never match. The associated data
 * is the header and the column-bound context (no row id), so equal values in one column give equal
 * ciphertexts and plain JPQL equality works.
 *
 * <p>BouncyCastle offers AES-GCM-SIV (RFC 8452) but not RFC 5297; Tink's AES-SIV is used instead. It uses
 * the JDK's AES underneath.
 */
final class SivCodec implements Codec {
    static final String LABEL = "custos/v1/aes-siv";

    @Override
    public Algorithm algorithm() {
        return Algorithm.AES_256_SIV;
    }

    @Override
    public byte[] encrypt(DataKey key, byte[] plaintext, ProtectionContext context) throws GeneralSecurityException {
        byte[] header = new byte[HEADER_LENGTH];
        CiphertextFormat.writeHeader(header, Algorithm.AES_256_SIV, key.reference(), context.contextCheck(false));
        byte[] body = siv(key, context).encryptDeterministically(plaintext, associatedData(header, context));
        byte[] out = Arrays.copyOf(header, HEADER_LENGTH + body.length);
        System.arraycopy(body, 0, out, HEADER_LENGTH, body.length);
        return out;
    }

    @Override
    public byte[] decrypt(DataKey key, byte[] ciphertext, ProtectionContext context) throws GeneralSecurityException {
        byte[] body = Arrays.copyOfRange(ciphertext, HEADER_LENGTH, ciphertext.length);
        return siv(key, context).decryptDeterministically(body, associatedData(ciphertext, context));
    }

    /** The header (the first 15 bytes of {@code value}) followed by the column-bound context. */
    private static byte[] associatedData(byte[] value, ProtectionContext context) {
        byte[] aad = new byte[HEADER_LENGTH + context.associatedDataLength(false)];
        System.arraycopy(value, 0, aad, 0, HEADER_LENGTH);
        context.copyAssociatedData(false, aad, HEADER_LENGTH);
        return aad;
    }

    private static AesSiv siv(DataKey key, ProtectionContext context) {
        return key.derive(new ColumnKeyId(LABEL, context.tenant(), context.table(), context.column()), k -> {
            byte[] derived = Hkdf.derive(k, LABEL, context.associatedData(false), 64);
            try {
                return new AesSiv(derived);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES-SIV rejected a 512-bit key", e);
            } finally {
                Arrays.fill(derived, (byte) 0);
            }
        });
    }
}
