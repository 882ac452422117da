package io.custos.kms.internal;

import io.custos.api.KeyReference;
import io.custos.spi.DataKey;
import io.custos.spi.KeyScope;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Unsealed data keys of this instance: by scope for encryption and by reference for decryption. An entry
 * lives until its time-to-live passes, it has served the maximum number of lookups, or a revocation
 * (local, or seen through the revision counter) clears it.
 */
final class KeyCache {
    private static final class Entry {
        final DataKey key;
        final long expiresAt;
        final AtomicLong uses = new AtomicLong();

        Entry(DataKey key, long expiresAt) {
            this.key = key;
            this.expiresAt = expiresAt;
        }
    }

    private final long ttlNanos;
    private final long maxUses;
    private final Map<KeyScope, Entry> byScope = new ConcurrentHashMap<>();
    private final Map<KeyReference, Entry> byRef = new ConcurrentHashMap<>();
    /** Decryptable versions per scope, for searches across versions: the list and its expiry. */
    private final Map<KeyScope, Versions> versions = new ConcurrentHashMap<>();

    private record Versions(java.util.List<KeyReference> refs, long expiresAt) {
    }
    /** Destroyed versions: terminal, so remembered until the next revision change (a restore). */
    private final Map<KeyReference, Boolean> destroyed = new ConcurrentHashMap<>();

    KeyCache(Duration ttl, long maxUses) {
        this.ttlNanos = ttl.toNanos();
        this.maxUses = maxUses;
    }

    DataKey encryption(KeyScope scope, long nanoNow) {
        return live(byScope, scope, nanoNow);
    }

    DataKey decryption(KeyReference ref, long nanoNow) {
        return live(byRef, ref, nanoNow);
    }

    java.util.List<KeyReference> versions(KeyScope scope, long nanoNow) {
        Versions e = versions.get(scope);
        if (e == null) {
            return null;
        }
        if (nanoNow - e.expiresAt() >= 0) {
            versions.remove(scope, e);
            return null;
        }
        return e.refs();
    }

    void putVersions(KeyScope scope, java.util.List<KeyReference> refs) {
        versions.put(scope, new Versions(refs, System.nanoTime() + ttlNanos));
    }

    void putEncryption(KeyScope scope, DataKey key) {
        byScope.put(scope, new Entry(key, System.nanoTime() + ttlNanos));
    }

    void putDecryption(DataKey key) {
        byRef.put(key.reference(), new Entry(key, System.nanoTime() + ttlNanos));
    }

    /** Drops one key version wherever it is cached. */
    void evict(KeyReference ref) {
        byRef.remove(ref);
        byScope.values().removeIf(e -> e.key.reference().equals(ref));
        versions.clear();
    }

    /** Drops expired entries, so keys of scopes nobody asks for again do not linger past their TTL. */
    void sweep() {
        long now = System.nanoTime();
        byScope.values().removeIf(e -> now - e.expiresAt >= 0);
        byRef.values().removeIf(e -> now - e.expiresAt >= 0);
        versions.values().removeIf(e -> now - e.expiresAt() >= 0);
    }

    void clear() {
        byScope.clear();
        byRef.clear();
        versions.clear();
        destroyed.clear();
    }

    boolean isDestroyed(KeyReference ref) {
        return destroyed.containsKey(ref);
    }

    void markDestroyed(KeyReference ref) {
        if (destroyed.size() >= 100_000) {
            destroyed.clear();
        }
        destroyed.put(ref, Boolean.TRUE);
    }

    private <K> DataKey live(Map<K, Entry> map, K k, long nanoNow) {
        Entry e = map.get(k);
        if (e == null) {
            return null;
        }
        if (nanoNow - e.expiresAt >= 0 || e.uses.incrementAndGet() > maxUses) {
            map.remove(k, e);
            return null;
        }
        return e.key;
    }
}
