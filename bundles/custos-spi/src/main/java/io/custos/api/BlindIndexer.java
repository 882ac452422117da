package io.custos.api;

import io.custos.api.error.CryptoException;
import java.util.List;

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

    /**
     * The index of {@code value} under every version of the index key that may still be used, the
     * current one first, so a search finds rows indexed before a rotation of the index key. One element
     * while the key has a single usable version.
     *
     * @throws CryptoException if the key source fails or the current key may not be used
     * @since 1.1
     */
    default List<String> indexes(String value, ProtectionContext context) throws CryptoException {
        return List.of(index(value, context));
    }
}
