package io.custos.crypto.internal;

import io.custos.api.KeyReference;
import io.custos.api.OpenedValue;
import io.custos.api.ProtectionContext;
import io.custos.api.error.ContextMismatchException;
import io.custos.api.error.CryptoException;
import io.custos.api.error.DecryptionFailedException;
import io.custos.api.error.ErrorCode;
import io.custos.api.error.KeyNotFoundException;
import io.custos.api.error.KeyStateException;
import io.custos.api.error.MalformedCiphertextException;
import io.custos.api.error.ValueTooLargeException;
import io.custos.crypto.CiphertextFormat;
import io.custos.crypto.CiphertextFormat.Algorithm;
import io.custos.crypto.CiphertextFormat.Header;
import io.custos.spi.DataKey;
import io.custos.spi.DataKeySource;
import io.custos.spi.KeyScope;
import io.custos.spi.KeyUsage;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Chooses keys, enforces size limits and usage budgets, parses headers and dispatches to the codec the
 * header names — so a column switched from randomized to deterministic still reads its old values.
 * Every failure inside a cipher becomes one numbered exception without a cause.
 */
public final class ProtectionEngine {
    private final DataKeySource source;
    private final int maxValueBytes;
    private final GcmCodec gcm = new GcmCodec();
    private final SivCodec siv = new SivCodec();

    public ProtectionEngine(DataKeySource source, int maxValueBytes) {
        this.source = Objects.requireNonNull(source, "source");
        this.maxValueBytes = maxValueBytes;
    }

    public DataKeySource source() {
        return source;
    }

    public int maxValueBytes() {
        return maxValueBytes;
    }

    public byte[] encrypt(Algorithm algorithm, byte[] plaintext, ProtectionContext context) throws CryptoException {
        Objects.requireNonNull(plaintext, "plaintext");
        Objects.requireNonNull(context, "context");
        if (plaintext.length > maxValueBytes) {
            throw new ValueTooLargeException(ErrorCode.VALUE_TOO_LARGE, context.columnName(), plaintext.length, maxValueBytes);
        }
        Codec codec = codec(algorithm);
        DataKey key = encryptionKey(KeyScope.of(context, KeyUsage.FIELD_ENCRYPTION), algorithm == Algorithm.AES_256_GCM);
        try {
            return codec.encrypt(key, plaintext, context);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new CryptoException(ErrorCode.ENCRYPTION_FAILED, context.columnName(), key.reference(), e.getClass().getSimpleName());
        }
    }

    /**
     * The deterministic ciphertexts of {@code plaintext} under every version of its key that may still
     * decrypt, the current one first; versions that became unusable meanwhile are skipped. Randomized:
     * one fresh ciphertext (it matches nothing).
     */
    public List<byte[]> equalityTerms(Algorithm algorithm, byte[] plaintext, ProtectionContext context) throws CryptoException {
        if (algorithm != Algorithm.AES_256_SIV) {
            return List.of(encrypt(algorithm, plaintext, context));
        }
        byte[] first = encrypt(algorithm, plaintext, context);
        KeyScope scope = KeyScope.of(context, KeyUsage.FIELD_ENCRYPTION);
        List<KeyReference> versions = source.decryptableVersions(scope);
        if (versions.size() < 2) {
            return List.of(first);
        }
        KeyReference current = CiphertextFormat.keyOf(first);
        List<byte[]> out = new ArrayList<>(versions.size());
        out.add(first);
        for (DataKey key : olderKeys(versions, current)) {
            try {
                out.add(siv.encrypt(key, plaintext, context));
            } catch (GeneralSecurityException | RuntimeException e) {
                throw new CryptoException(ErrorCode.ENCRYPTION_FAILED, context.columnName(), key.reference(),
                        e.getClass().getSimpleName());
            }
        }
        return out;
    }

    /** Whether the field key of {@code context} has usable versions besides the current one. */
    public boolean severalVersions(ProtectionContext context) throws CryptoException {
        return source.decryptableVersions(KeyScope.of(context, KeyUsage.FIELD_ENCRYPTION)).size() > 1;
    }

    /** The version new values of {@code context} are encrypted under (no budget is spent). */
    public KeyReference currentKey(ProtectionContext context) throws CryptoException {
        return source.encryptionKey(KeyScope.of(context, KeyUsage.FIELD_ENCRYPTION)).reference();
    }

    /**
     * The keys of {@code versions} other than {@code current} that the source still hands out for
     * decryption; a version destroyed, retired or deactivated past use since the listing is skipped
     * (nothing under it can be read anyway), any other failure of the source propagates.
     */
    List<DataKey> olderKeys(List<KeyReference> versions, KeyReference current) throws CryptoException {
        List<DataKey> out = new ArrayList<>(versions.size());
        for (KeyReference ref : versions) {
            if (ref.equals(current)) {
                continue;
            }
            try {
                out.add(source.decryptionKey(ref));
            } catch (KeyStateException | KeyNotFoundException e) {
                // unusable since it was listed: no value under it can be read, so none needs finding
            }
        }
        return out;
    }

    public OpenedValue<byte[]> decrypt(byte[] ciphertext, ProtectionContext context) throws CryptoException {
        Header header = header(ciphertext, context);
        DataKey key = decryptionKey(header, context);
        try {
            return new OpenedValue<>(codec(header.algorithm()).decrypt(key, ciphertext, context), header.key());
        } catch (GeneralSecurityException | RuntimeException e) {
            throw failed(header, context);
        }
    }

    /**
     * Decrypts a value holding UTF-8 text (as {@link #decrypt}, then strict UTF-8); the plaintext bytes are
     * wiped before returning.
     */
    public OpenedValue<String> decryptText(byte[] ciphertext, ProtectionContext context) throws CryptoException {
        Header header = header(ciphertext, context);
        DataKey key = decryptionKey(header, context);
        String text;
        try {
            text = codec(header.algorithm()).decryptText(key, ciphertext, context);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new MalformedCiphertextException(ErrorCode.NOT_CIPHERTEXT, context.columnName(),
                    "decrypted bytes are not UTF-8 text");
        } catch (GeneralSecurityException | RuntimeException e) {
            throw failed(header, context);
        }
        return new OpenedValue<>(text, header.key());
    }

    private DataKey decryptionKey(Header header, ProtectionContext context) throws CryptoException {
        try {
            return source.decryptionKey(header.key());
        } catch (KeyNotFoundException e) {
            throw new KeyNotFoundException(ErrorCode.KEY_NOT_FOUND_FOR_COLUMN, context.columnName(), header.key());
        }
    }

    /** The checked header of a value to decrypt: size within the limit, known format and algorithm. */
    private Header header(byte[] ciphertext, ProtectionContext context) throws CryptoException {
        Objects.requireNonNull(context, "context");
        if (ciphertext != null && ciphertext.length > maxValueBytes + CiphertextFormat.GCM_OVERHEAD) {
            throw new ValueTooLargeException(ErrorCode.VALUE_TOO_LARGE, context.columnName(), ciphertext.length,
                    maxValueBytes + CiphertextFormat.GCM_OVERHEAD);
        }
        return CiphertextFormat.parseHeader(ciphertext, context.columnName());
    }

    /**
     * The failure of a value whose tag did not verify. The context check in the header only tells a value
     * moved to another row or column from other damage (the tag decides authenticity), so it is computed
     * only now. Deliberately no cause: whatever failed inside, the caller sees the same failure.
     */
    private static CryptoException failed(Header header, ProtectionContext context) {
        String column = context.columnName();
        if (header.contextCheck() != context.contextCheck(header.algorithm().bindsRow())) {
            return new ContextMismatchException(ErrorCode.CONTEXT_MISMATCH, column, header.key());
        }
        return new DecryptionFailedException(ErrorCode.DECRYPTION_FAILED, column, header.key());
    }

    /** The current key of {@code scope}; for nonce-based algorithms, one use is counted against its budget. */
    DataKey encryptionKey(KeyScope scope, boolean countUse) throws CryptoException {
        DataKey key = source.encryptionKey(scope);
        if (!countUse || key.tryConsume()) {
            return key;
        }
        source.budgetSpent(key);
        DataKey next = source.encryptionKey(scope);
        if (next == key || !next.tryConsume()) {
            throw new KeyStateException(ErrorCode.KEY_USAGE_EXHAUSTED, key.reference(), key.encryptionBudget());
        }
        return next;
    }

    private Codec codec(Algorithm algorithm) {
        return algorithm == Algorithm.AES_256_GCM ? gcm : siv;
    }
}
