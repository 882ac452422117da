package io.custos.spi;

import io.custos.api.KeyReference;
import io.custos.api.Secret;
import io.custos.api.error.CryptoException;
import io.custos.api.error.ProviderUnavailableException;
import java.security.PublicKey;

/**
 * The root of the key hierarchy: seals and unseals data keys and signs audit checkpoints with keys it
 * never releases. Implemented over an HSM (PKCS#11) or, for demos and tests, a software keystore.
 *
 * <h2>Security guarantees</h2>
 * <ul>
 *   <li>The root (key-encryption) key and the signing key never leave the provider.</li>
 *   <li>A sealed key is bound to its {@link KeyReference}: unsealing it under another reference fails.</li>
 *   <li>When the backing store is unreachable, operations fail closed with
 *       {@link ProviderUnavailableException}; nothing is sealed with a fallback key.</li>
 * </ul>
 */
@org.osgi.annotation.versioning.ProviderType
public interface RootKeyProvider extends AutoCloseable {

    /** The id of the factory that made this provider, e.g. {@code software} or {@code pkcs11}. */
    String id();

    /**
     * Seals (encrypts and authenticates) a data key under the root key.
     *
     * @throws ProviderUnavailableException if the provider cannot be reached
     * @throws CryptoException              if sealing fails
     */
    SealedKey seal(Secret dataKey, KeyReference ref) throws CryptoException;

    /**
     * Unseals a data key sealed for {@code ref}.
     *
     * @throws ProviderUnavailableException if the provider cannot be reached
     * @throws CryptoException              if the sealed key is damaged or belongs to another reference
     *                                      (CUSTOS-4003)
     */
    Secret unseal(SealedKey sealed, KeyReference ref) throws CryptoException;

    /**
     * Signs {@code data} with the provider's signing key ({@link #signatureAlgorithm()}).
     *
     * @throws ProviderUnavailableException if the provider cannot be reached
     * @throws CryptoException              if signing fails
     */
    byte[] sign(byte[] data) throws CryptoException;

    /**
     * The public half of the signing key, for verifiers that hold no secret.
     *
     * @throws ProviderUnavailableException if the provider cannot be reached
     */
    PublicKey signingPublicKey() throws CryptoException;

    /** The JCA name of the signature algorithm, e.g. {@code SHA256withECDSA}. */
    String signatureAlgorithm();

    /** A cheap liveness check; never throws. */
    ProviderHealth health();

    @Override
    void close();
}
