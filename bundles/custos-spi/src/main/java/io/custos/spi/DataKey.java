package io.custos.spi;

import io.custos.api.KeyReference;
import io.custos.api.Secret;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * An unsealed data key as a {@link DataKeySource} hands it to the crypto engine: its reference, its
 * material, and how many encryptions this instance may still make with it.
 *
 * <h2>Security guarantees</h2>
 * {@link #toString()} shows the reference only. The material stays in a {@link Secret}; the JCE key
 * object made from it is cached here so the hot path does not copy key bytes per call. JCE key objects
 * cannot be wiped on JDK 17, so sources keep data keys in memory only for a bounded time. Keys the engine
 * derives from this one (per-column SIV and HMAC keys) are cached <em>in</em> this object, so they are
 * dropped together with it when the source evicts, revokes or destroys the key.
 */
public final class DataKey {
    private final KeyReference reference;
    private final Secret material;
    private final long encryptionBudget;
    private final SecretKey aesKey;
    private final AtomicLong used = new AtomicLong();
    private final Map<Object, Object> derived = new ConcurrentHashMap<>();

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

    /**
     * Counts one encryption against the budget.
     *
     * @return false when the budget is spent; the engine then calls {@link DataKeySource#budgetSpent(DataKey)}
     */
    public boolean tryConsume() {
        return used.incrementAndGet() <= encryptionBudget;
    }

    /** Encryptions counted so far on this instance. */
    public long encryptionsUsed() {
        return Math.min(used.get(), encryptionBudget);
    }

    /**
     * A value derived from this key (a per-column subkey, a prepared primitive), computed once per
     * {@code cacheKey} and kept with this key. At most {@value #MAX_DERIVED} entries are kept.
     */
    @SuppressWarnings("unchecked")
    public <T> T derive(Object cacheKey, Function<DataKey, T> factory) {
        Object value = derived.get(cacheKey);
        if (value == null) {
            if (derived.size() >= MAX_DERIVED) {
                derived.clear();
            }
            value = derived.computeIfAbsent(cacheKey, k -> factory.apply(this));
        }
        return (T) value;
    }

    /** The most derived values one key keeps before its cache starts over. */
    public static final int MAX_DERIVED = 4096;

    @Override
    public String toString() {
        return "DataKey[" + reference + "]";
    }
}
