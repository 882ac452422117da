package io.custos.kms;

import io.custos.api.Secret;

/**
 * A freshly issued grant and its bearer token. The token is shown once: the KMS stores only its SHA-256
 * digest. Hand it to the device over a protected channel and close this holder.
 *
 * <h2>Security guarantees</h2>
 * {@link #toString()} shows the grant id only.
 *
 * @param grant the grant
 * @param token 32 random bytes
 */
public record IssuedGrant(EdgeGrant grant, Secret token) implements AutoCloseable {

    @Override
    public void close() {
        token.close();
    }

    @Override
    public String toString() {
        return "IssuedGrant[" + grant.grantId() + "]";
    }
}
