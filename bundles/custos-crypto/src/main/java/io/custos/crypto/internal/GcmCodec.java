package io.custos.crypto.internal;

import static io.custos.crypto.CiphertextFormat.GCM_NONCE_LENGTH;
import static io.custos.crypto.CiphertextFormat.GCM_OVERHEAD;
import static io.custos.crypto.CiphertextFormat.HEADER_LENGTH;
import static io.custos.crypto.CiphertextFormat.TAG_LENGTH;

import io.custos.api.ProtectionContext;
import io.custos.crypto.CiphertextFormat;
import io.custos.crypto.CiphertextFormat.Algorithm;
import io.custos.spi.DataKey;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Randomized encryption: AES-256-GCM through the JDK provider (AES-NI), a fresh random 96-bit nonce per
 * value, header and row-bound context as associated data. Reused {@link Cipher}s per thread: creating one
 * per call costs about five times more. Encryption and decryption have a cipher each, so a re-encryption
 * (decrypt under the old version, encrypt under the new) keeps each cipher's expanded AES key instead of
 * expanding the two keys in turn on every value.
 */
final class GcmCodec implements Codec {
    private static final int BODY = HEADER_LENGTH + GCM_NONCE_LENGTH;
    private static final ThreadLocal<Cipher> ENCRYPTING = ThreadLocal.withInitial(GcmCodec::newCipher);
    private static final ThreadLocal<Cipher> DECRYPTING = ThreadLocal.withInitial(GcmCodec::newCipher);

    @Override
    public Algorithm algorithm() {
        return Algorithm.AES_256_GCM;
    }

    @Override
    public byte[] encrypt(DataKey key, byte[] plaintext, ProtectionContext context) throws GeneralSecurityException {
        return encrypt(key, plaintext, context, Nonces.bytes(GCM_NONCE_LENGTH));
    }

    /** With a given nonce: only for known-answer tests of the format. */
    byte[] encrypt(DataKey key, byte[] plaintext, ProtectionContext context, byte[] nonce) throws GeneralSecurityException {
        byte[] out = new byte[GCM_OVERHEAD + plaintext.length];
        CiphertextFormat.writeHeader(out, Algorithm.AES_256_GCM, key.reference(), context.contextCheck(true));
        System.arraycopy(nonce, 0, out, HEADER_LENGTH, GCM_NONCE_LENGTH);
        Cipher cipher = ENCRYPTING.get();
        cipher.init(Cipher.ENCRYPT_MODE, key.aesKey(), new GCMParameterSpec(TAG_LENGTH * 8, out, HEADER_LENGTH, GCM_NONCE_LENGTH));
        cipher.updateAAD(out, 0, HEADER_LENGTH);
        cipher.updateAAD(context.associatedData(true));
        cipher.doFinal(plaintext, 0, plaintext.length, out, BODY);
        return out;
    }

    @Override
    public byte[] decrypt(DataKey key, byte[] ciphertext, ProtectionContext context) throws GeneralSecurityException {
        Cipher cipher = DECRYPTING.get();
        cipher.init(Cipher.DECRYPT_MODE, key.aesKey(), new GCMParameterSpec(TAG_LENGTH * 8, ciphertext, HEADER_LENGTH, GCM_NONCE_LENGTH));
        cipher.updateAAD(ciphertext, 0, HEADER_LENGTH);
        cipher.updateAAD(context.associatedData(true));
        return cipher.doFinal(ciphertext, BODY, ciphertext.length - BODY);
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK provides no AES/GCM/NoPadding", e);
        }
    }
}
