package io.custos.crypto.internal;

import static io.custos.crypto.CiphertextFormat.GCM_NONCE_LENGTH;
import static io.custos.crypto.CiphertextFormat.GCM_OVERHEAD;
import static io.custos.crypto.CiphertextFormat.HEADER_LENGTH;
import static io.custos.crypto.CiphertextFormat.TAG_LENGTH;

import io.custos.api.ProtectionContext;
import io.custos.crypto.CiphertextFormat;
import io.custos.crypto.CiphertextFormat.Algorithm;
import io.custos.spi.DataKey;
import java.nio.charset.CharacterCodingException;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Randomized encryption: AES-256-GCM through the JDK provider (AES-NI), a fresh random 96-bit nonce per
 * value, header and row-bound context as associated data. Reused {@link Cipher}s per thread: creating one
 * per call costs about five times more.
 */
final class GcmCodec implements Codec {
    private static final int BODY = HEADER_LENGTH + GCM_NONCE_LENGTH;
    /**
     * Per thread: a cipher for each direction, so a re-encryption (decrypt under the old version, encrypt
     * under the new) keeps each cipher's expanded AES key instead of expanding the two keys in turn on
     * every value; and one buffer in which header and context are assembled and fed to the cipher in one
     * call (the JDK's GCM buffers associated data in a growing stream, so two calls cost an extra
     * allocation and copy). Associated data holds ids and names only, so the buffer needs no wiping.
     *
     * <p>The per-thread slot holds JDK types only, so a pooled server thread keeps no class loader of an
     * undeployed application alive.
     */
    private static final ThreadLocal<Object[]> STATE =
            ThreadLocal.withInitial(() -> new Object[] {newCipher(), newCipher(), new byte[256], new byte[256]});
    private static final int ENCRYPTING = 0;
    private static final int DECRYPTING = 1;
    private static final int AAD = 2;
    /** Where text is decrypted before it becomes a string; wiped after every value. */
    private static final int PLAINTEXT = 3;
    /** The largest plaintext decrypted into the per-thread buffer. */
    static final int MAX_BUFFERED = 8192;

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
        Object[] state = STATE.get();
        Cipher cipher = (Cipher) state[ENCRYPTING];
        cipher.init(Cipher.ENCRYPT_MODE, key.aesKey(), new GCMParameterSpec(TAG_LENGTH * 8, out, HEADER_LENGTH, GCM_NONCE_LENGTH));
        associatedData(state, cipher, out, context);
        cipher.doFinal(plaintext, 0, plaintext.length, out, BODY);
        return out;
    }

    @Override
    public byte[] decrypt(DataKey key, byte[] ciphertext, ProtectionContext context) throws GeneralSecurityException {
        Object[] state = STATE.get();
        Cipher cipher = (Cipher) state[DECRYPTING];
        cipher.init(Cipher.DECRYPT_MODE, key.aesKey(), new GCMParameterSpec(TAG_LENGTH * 8, ciphertext, HEADER_LENGTH, GCM_NONCE_LENGTH));
        associatedData(state, cipher, ciphertext, context);
        return cipher.doFinal(ciphertext, BODY, ciphertext.length - BODY);
    }

    /**
     * Decrypts into this thread's plaintext buffer and makes the string from there, wiping the bytes
     * afterwards (also after a failed tag, whatever the cipher wrote): one array fewer per value than
     * {@link #decrypt} followed by decoding. Values above {@value #MAX_BUFFERED} bytes take the allocating
     * path, so no thread keeps a large buffer.
     */
    @Override
    public String decryptText(DataKey key, byte[] ciphertext, ProtectionContext context)
            throws GeneralSecurityException, CharacterCodingException {
        int length = Math.max(ciphertext.length - BODY - TAG_LENGTH, 0);
        if (length > MAX_BUFFERED) {
            return Codec.super.decryptText(key, ciphertext, context);
        }
        Object[] state = STATE.get();
        Cipher cipher = (Cipher) state[DECRYPTING];
        cipher.init(Cipher.DECRYPT_MODE, key.aesKey(), new GCMParameterSpec(TAG_LENGTH * 8, ciphertext, HEADER_LENGTH, GCM_NONCE_LENGTH));
        associatedData(state, cipher, ciphertext, context);
        byte[] buffer = (byte[]) state[PLAINTEXT];
        if (buffer.length < length) {
            buffer = new byte[Math.min(Math.max(length, buffer.length * 2), MAX_BUFFERED)];
            state[PLAINTEXT] = buffer;
        }
        try {
            int n = cipher.doFinal(ciphertext, BODY, ciphertext.length - BODY, buffer, 0);
            return Utf8.strict(buffer, 0, n);
        } finally {
            java.util.Arrays.fill(buffer, 0, length, (byte) 0);
        }
    }

    /** Feeds the header of {@code value} and the row-bound context as associated data, in one call. */
    private static void associatedData(Object[] state, Cipher cipher, byte[] value, ProtectionContext context) {
        int length = HEADER_LENGTH + context.associatedDataLength(true);
        byte[] buffer = (byte[]) state[AAD];
        if (buffer.length < length) {
            buffer = new byte[Math.max(length, buffer.length * 2)];
            state[AAD] = buffer;
        }
        System.arraycopy(value, 0, buffer, 0, HEADER_LENGTH);
        context.copyAssociatedData(true, buffer, HEADER_LENGTH);
        cipher.updateAAD(buffer, 0, length);
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK provides no AES/GCM/NoPadding", e);
        }
    }
}
