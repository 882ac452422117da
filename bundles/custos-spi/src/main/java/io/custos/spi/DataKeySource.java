package io.custos.spi;

import io.custos.api.KeyReference;
import io.custos.api.error.CryptoException;
import io.custos.api.error.KeyNotFoundException;
import io.custos.api.error.KeyStateException;
import java.util.List;

/**
 * Where the crypto engine gets data keys: the KMS in production, an in-memory source in tests and demos.
 * Sources cache unsealed keys themselves and invalidate them on revocation; the engine asks on every
 * operation, so a revocation takes effect as soon as the source knows of it.
 *
 * <h2>Security guarantees</h2>
 * A source never returns a key whose state forbids the operation: deactivated or compromised keys are
 * not returned for encryption, destroyed keys for nothing.
 */
@org.osgi.annotation.versioning.ProviderType
public interface DataKeySource {

    /**
     * The current key for new ciphertexts in {@code scope}, creating the first version if the source
     * does that.
     *
     * @throws KeyStateException if the scope's current key may not encrypt
     * @throws CryptoException   if the key store or root-key provider fails
     */
    DataKey encryptionKey(KeyScope scope) throws CryptoException;

    /**
     * The key version named in a ciphertext header.
     *
     * @throws KeyNotFoundException if no such version exists
     * @throws KeyStateException    if the version may not decrypt (destroyed, below the minimum version)
     * @throws CryptoException      if the key store or root-key provider fails
     */
    DataKey decryptionKey(KeyReference ref) throws CryptoException;

    /**
     * Told by the engine when this instance has spent the budget of {@code key}. The source rotates, or
     * grants a further budget, so the next {@link #encryptionKey(KeyScope)} returns a usable key.
     *
     * @throws CryptoException if neither is possible
     */
    void budgetSpent(DataKey key) throws CryptoException;

    /**
     * The versions of {@code scope}'s key that may still decrypt, the current one first and the others
     * newest first. Searches use it: a deterministic ciphertext or a blind index made under each of them
     * finds the values written before a rotation until they are re-encrypted. A version destroyed or
     * retired since is left out; a caller that finds one unusable skips it.
     *
     * <p>The default answers the current version only (searches then find values under it only), so
     * sources written before this method stay correct.
     *
     * @throws KeyStateException if the scope's current key may not be used
     * @throws CryptoException   if the key store or root-key provider fails
     * @since 1.1
     */
    default List<KeyReference> decryptableVersions(KeyScope scope) throws CryptoException {
        return List.of(encryptionKey(scope).reference());
    }
}
