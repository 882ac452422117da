package io.custos.kms;

import io.custos.api.DataClass;
import io.custos.api.KeyReference;
import java.time.Instant;
import java.util.Objects;

/**
 * A data key wrapped for one edge device: what a device that cannot reach the key store receives under a
 * grant, to seal records locally with the crypto engine through an {@link EdgeKeySource}.
 *
 * <h2>Security guarantees</h2>
 * The key is wrapped with RSA-OAEP (SHA-256, MGF1-SHA-256) under the device's public key, so only the
 * holder of the device's private key can use it. {@link #toString()} shows ids only.
 *
 * @param grantId     the grant it was issued under
 * @param key         the key version inside
 * @param tenant      the partition it may encrypt for
 * @param dataClass   the data class it may encrypt
 * @param wrappedKey  the wrapped data key; copied in and out
 * @param expiresAt   the grant's expiry; the device refuses to encrypt after it
 * @param encryptions how many encryptions the device may make with it (reserved in the key store)
 */
public record EdgeKeyPackage(String grantId, KeyReference key, String tenant, DataClass dataClass, byte[] wrappedKey,
                             Instant expiresAt, long encryptions) {
    /** The JCA transformation used to wrap the key. */
    public static final String WRAP_ALGORITHM = "RSA/ECB/OAEPWithSHA-256AndMGF1Padding";

    public EdgeKeyPackage {
        Objects.requireNonNull(grantId, "grantId");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(dataClass, "dataClass");
        Objects.requireNonNull(expiresAt, "expiresAt");
        wrappedKey = wrappedKey.clone();
    }

    @Override
    public byte[] wrappedKey() {
        return wrappedKey.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EdgeKeyPackage p && grantId.equals(p.grantId) && key.equals(p.key)
                && java.util.Arrays.equals(wrappedKey, p.wrappedKey);
    }

    @Override
    public int hashCode() {
        return Objects.hash(grantId, key);
    }

    @Override
    public String toString() {
        return "EdgeKeyPackage[" + grantId + ", " + key + ", " + tenant + "/" + dataClass + ", until " + expiresAt + "]";
    }
}
