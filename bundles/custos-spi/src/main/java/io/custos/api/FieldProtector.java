package io.custos.api;

import io.custos.api.error.CryptoException;
import io.custos.api.error.DecryptionFailedException;
import io.custos.api.error.KeyNotFoundException;
import io.custos.api.error.KeyStateException;
import io.custos.api.error.MalformedCiphertextException;
import io.custos.api.error.ValueTooLargeException;
import java.util.List;
import java.util.Optional;

/**
 * Encrypts and decrypts field values in one {@link EncryptionMode}. Obtained from the crypto engine;
 * the key is chosen from the context (tenant, data class, subject) and never leaves the engine.
 *
 * <h2>Security guarantees</h2>
 * Every ciphertext is self-describing (format, algorithm, key id and version) and bound to its context.
 * Failures raise numbered exceptions that name the column and key, never the value. Implementations are
 * thread-safe.
 */
@org.osgi.annotation.versioning.ProviderType
public interface FieldProtector {

    EncryptionMode mode();

    /**
     * Encrypts to the binary ciphertext format.
     *
     * @throws ValueTooLargeException if the value exceeds the configured limit
     * @throws KeyStateException      if the current key may not encrypt (or its usage budget is spent)
     * @throws CryptoException        if the key source or provider fails
     */
    byte[] encrypt(byte[] plaintext, ProtectionContext context) throws CryptoException;

    /**
     * Decrypts a binary ciphertext.
     *
     * @throws MalformedCiphertextException if the bytes are empty, truncated or not a Custos ciphertext
     * @throws DecryptionFailedException    if authentication fails (tampering, wrong context or key); a
     *                                      {@link io.custos.api.error.ContextMismatchException} when the
     *                                      header shows the value belongs to another row or column
     * @throws KeyNotFoundException         if the key version is unknown
     * @throws KeyStateException            if the key may no longer decrypt (destroyed, retired)
     * @throws CryptoException              if the key source or provider fails
     */
    byte[] decrypt(byte[] ciphertext, ProtectionContext context) throws CryptoException;

    /**
     * Encrypts a string (UTF-8) to the text encoding, for character columns.
     *
     * @throws CryptoException as {@link #encrypt(byte[], ProtectionContext)}
     */
    String encryptText(String plaintext, ProtectionContext context) throws CryptoException;

    /**
     * Decrypts the text encoding. A value without the ciphertext prefix is refused (CUSTOS-2006).
     *
     * @throws CryptoException as {@link #decrypt(byte[], ProtectionContext)}
     */
    String decryptText(String ciphertext, ProtectionContext context) throws CryptoException;

    /**
     * Reads a stored text value that may still be legacy plaintext from before Custos. Anything carrying
     * the ciphertext prefix is treated as ciphertext (and fails if damaged); anything else is returned as
     * legacy plaintext only when {@code acceptLegacy} is true.
     *
     * @throws CryptoException as {@link #decryptText(String, ProtectionContext)}
     */
    OpenedValue<String> openText(String stored, ProtectionContext context, boolean acceptLegacy)
            throws CryptoException;

    /**
     * What an equality search for {@code plaintext} must match in a column of this mode: in deterministic
     * mode the ciphertext under every version of the context's key that may still decrypt, the current
     * version first — one element while the key has a single usable version. Versions that became
     * unusable meanwhile are skipped. In randomized mode ciphertexts never repeat: the one element is a
     * fresh ciphertext that matches nothing.
     *
     * @throws CryptoException as {@link #encrypt(byte[], ProtectionContext)}
     * @since 1.1
     */
    default List<byte[]> equalityTerms(byte[] plaintext, ProtectionContext context) throws CryptoException {
        return List.of(encrypt(plaintext, context));
    }

    /**
     * {@link #equalityTerms(byte[], ProtectionContext)} in the text encoding, for character columns.
     *
     * @throws CryptoException as {@link #encrypt(byte[], ProtectionContext)}
     * @since 1.1
     */
    default List<String> equalityTermsText(String plaintext, ProtectionContext context) throws CryptoException {
        return List.of(encryptText(plaintext, context));
    }

    /**
     * Whether values of {@code context}'s column may be stored under more than one key version that can
     * still decrypt (a rotation is under way), so that an equality search needs
     * {@link #equalityTerms(byte[], ProtectionContext)} rather than one ciphertext. The default answers
     * {@code true}, which is always correct.
     *
     * @throws CryptoException if the key source fails or the current key may not be used
     * @since 1.1
     */
    default boolean severalVersions(ProtectionContext context) throws CryptoException {
        return true;
    }

    /**
     * The key version new values of {@code context} are encrypted under, so a reader can tell a value
     * stored under an older version (and re-encrypt it). Empty when the implementation cannot tell.
     *
     * @throws CryptoException if the key source fails or the current key may not be used
     * @since 1.1
     */
    default Optional<KeyReference> currentKey(ProtectionContext context) throws CryptoException {
        return Optional.empty();
    }
}
