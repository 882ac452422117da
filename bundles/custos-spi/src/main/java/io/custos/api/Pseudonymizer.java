package io.custos.api;

import io.custos.api.error.CryptoException;

/**
 * Replaces identifiers with consistent tokens for exports, reports and reconciliation: the same value,
 * tenant and purpose always give the same token, on any system holding the same pseudonymisation key;
 * different purposes give unlinkable tokens.
 *
 * <h2>Security guarantees</h2>
 * Tokens are keyed (HMAC-SHA256), so they cannot be reversed or recomputed without the key, unlike plain
 * hashes of low-entropy identifiers.
 */
@org.osgi.annotation.versioning.ProviderType
public interface Pseudonymizer {

    /**
     * The token of {@code value} for {@code purpose} within the context's tenant.
     *
     * @throws CryptoException if the key source fails or the key may not be used
     */
    String token(String value, ProtectionContext context, String purpose) throws CryptoException;
}
