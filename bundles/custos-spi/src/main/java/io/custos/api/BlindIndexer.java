package io.custos.api;

import io.custos.api.error.CryptoException;

/**
 * Computes blind indexes: keyed, truncated HMAC-SHA256 digests of a field value, stored beside a
 * randomized ciphertext so the field can be searched by equality without decrypting. The key is per
 * tenant and column. What an index reveals (equality of values, up to collisions) is documented in
 * {@code docs/ciphertext-format.md}.
 *
 * <h2>Security guarantees</h2>
 * The index key is derived inside the engine and never exposed; indexes carry their key version.
 */
@org.osgi.annotation.versioning.ProviderType
public interface BlindIndexer {

    /** Bits kept of the 256-bit HMAC (a multiple of 8, 16 .. 256). */
    int bits();

    /**
     * The index of {@code value} in the text form {@code b<version>.<base64url>}.
     *
     * @throws CryptoException if the key source fails or the key may not be used
     */
    String index(String value, ProtectionContext context) throws CryptoException;
}
