package io.custos.spi;

import io.custos.api.KeyReference;
import io.custos.api.Secret;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * An unsealed data key as a {@link DataKeySource} hands it to the crypto engine: its reference, its
 * material, and how many encryptions this instance may still make with it.
 *
 * <h2>Security guarantees</h2>
 * {@link #toString()} shows the reference only. The material stays in a {@link Secret}; the JCE key
 * object made from it is cached here so the hot path does not copy key bytes per call. JCE key objects
 * cannot be wiped on JDK 17, so sources keep data keys in memory only for a bounded time.
 */
public final class DataKey {
    private final KeyReference reference;
    private final Secret material;
    private final long encryptionBudget;
    private final SecretKey aesKey;

    /**
     * @param reference        the key id and version
     * @param material         32 bytes; the data key takes ownership of the holder
     * @param encryptionBudget how many encryptions this instance may make under this version before it
     *                         must ask the source again (for AES-GCM with random nonces, at most 2^32 per
     *                         key version across all instances)
     */
    public DataKey(KeyReference reference, Secret material, long encryptionBudget) {
        if (material.length() != 32) {
            throw new IllegalArgumentException("data keys are 256 bits, got " + material.length() * 8);
        }
        if (encryptionBudget < 0) {
            throw new IllegalArgumentException("negative budget");
        }
        this.reference = reference;
        this.material = material;
        this.encryptionBudget = encryptionBudget;
        byte[] bytes = material.bytes();
        try {
            this.aesKey = new SecretKeySpec(bytes, "AES");
        } finally {
            java.util.Arrays.fill(bytes, (byte) 0);
        }
    }

    public KeyReference reference() {
        return reference;
    }

    /** The raw material, for derivations (HKDF) inside the engine. */
    public Secret material() {
        return material;
    }

    /** The material as a JCE AES key, for the engine's hot path. */
    public SecretKey aesKey() {
        return aesKey;
    }

    public long encryptionBudget() {
        return encryptionBudget;
    }

    @Override
    public String toString() {
        return "DataKey[" + reference + "]";
    }
}
