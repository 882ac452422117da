package io.custos.hsm.internal;

import io.custos.api.KeyReference;
import io.custos.api.Secret;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Data keys the token unsealed (or sealed) recently, so they stay usable for a bounded time while the token
 * is unreachable. An entry is valid until {@code ttl} after the token last confirmed it; the provider reads
 * it only when the token cannot be reached, and refreshes it on every successful unseal. Least recently
 * used entries beyond {@code maxEntries} are dropped. Dropped and expired entries are wiped.
 *
 * <h2>Security guarantees</h2>
 * An entry is found only under the exact root key id, sealed blob and key reference it was stored with, so
 * the cache never unseals a blob under another reference. {@code ttl = 0} disables the cache (strict fail
 * closed).
 */
public final class UnsealedKeyCache implements AutoCloseable {
    private record Key(String rootKeyId, byte[] blob, KeyReference ref) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && rootKeyId.equals(k.rootKeyId) && ref.equals(k.ref) && Arrays.equals(blob, k.blob);
        }

        @Override
        public int hashCode() {
            return (rootKeyId.hashCode() * 31 + ref.hashCode()) * 31 + Arrays.hashCode(blob);
        }

        @Override
        public String toString() {
            return "Key[" + rootKeyId + ", " + ref + "]";
        }
    }

    private record Entry(Secret material, long confirmedAt) {
    }

    private final long ttlNanos;
    private final int maxEntries;
    private final LongSupplier nanoTime;
    private final LinkedHashMap<Key, Entry> entries = new LinkedHashMap<>(64, 0.75f, true);

    public UnsealedKeyCache(Duration ttl, int maxEntries) {
        this(ttl, maxEntries, System::nanoTime);
    }

    UnsealedKeyCache(Duration ttl, int maxEntries, LongSupplier nanoTime) {
        if (ttl.isNegative() || maxEntries < 0) {
            throw new IllegalArgumentException("negative ttl or size");
        }
        this.ttlNanos = ttl.toNanos();
        this.maxEntries = maxEntries;
        this.nanoTime = nanoTime;
    }

    public boolean enabled() {
        return ttlNanos > 0 && maxEntries > 0;
    }

    /** Records that the token just confirmed {@code material} for this blob and reference (copied in). */
    public synchronized void confirmed(String rootKeyId, byte[] blob, KeyReference ref, Secret material) {
        if (!enabled()) {
            return;
        }
        long now = nanoTime.getAsLong();
        Entry old = entries.put(new Key(rootKeyId, blob.clone(), ref), new Entry(copy(material), now));
        if (old != null) {
            old.material().close();
        }
        purge(now);
    }

    /** A copy of the material if an entry exists and the token confirmed it less than {@code ttl} ago. */
    public synchronized Secret lookup(String rootKeyId, byte[] blob, KeyReference ref) {
        if (!enabled()) {
            return null;
        }
        Key key = new Key(rootKeyId, blob, ref);
        Entry e = entries.get(key);
        if (e == null) {
            return null;
        }
        if (nanoTime.getAsLong() - e.confirmedAt() >= ttlNanos) {
            entries.remove(key);
            e.material().close();
            return null;
        }
        return copy(e.material());
    }

    /** Whether any entry is still within its time. */
    public synchronized boolean hasLiveEntries() {
        purge(nanoTime.getAsLong());
        return !entries.isEmpty();
    }

    public synchronized int size() {
        return entries.size();
    }

    private void purge(long now) {
        Iterator<Map.Entry<Key, Entry>> it = entries.entrySet().iterator();
        int excess = entries.size() - maxEntries;
        while (it.hasNext()) {
            Entry e = it.next().getValue();
            if (excess > 0 || now - e.confirmedAt() >= ttlNanos) {
                e.material().close();
                it.remove();
                excess--;
            }
        }
    }

    private static Secret copy(Secret s) {
        return Secret.wrapAndWipe(s.bytes());
    }

    /** Wipes every entry. */
    @Override
    public synchronized void close() {
        entries.values().forEach(e -> e.material().close());
        entries.clear();
    }

    @Override
    public String toString() {
        return "UnsealedKeyCache[" + entries.size() + " entries]";
    }
}
