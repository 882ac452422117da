package io.custos.crypto.keys;

import io.custos.api.KeyReference;
import io.custos.api.Secret;
import io.custos.api.error.CryptoException;
import io.custos.api.error.ErrorCode;
import io.custos.api.error.KeyNotFoundException;
import io.custos.api.error.KeyShreddedException;
import io.custos.spi.DataKey;
import io.custos.spi.DataKeySource;
import io.custos.spi.KeyScope;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Data keys generated on first use per scope and kept in memory; versions rotate by hand or when a
 * key's encryption budget is spent. Not for production: nothing is persisted or sealed.
 */
public final class InMemoryKeySource implements DataKeySource {
    /** NIST SP 800-38D: at most 2^32 random-nonce GCM encryptions per key. */
    public static final long DEFAULT_BUDGET = 1L << 32;

    private final long budget;
    private final SecureRandom random = new SecureRandom();
    private final AtomicLong ids = new AtomicLong();
    private final Map<KeyScope, DataKey> current = new ConcurrentHashMap<>();
    private final Map<KeyReference, DataKey> all = new ConcurrentHashMap<>();
    private final Set<KeyReference> destroyed = ConcurrentHashMap.newKeySet();

    public InMemoryKeySource() {
        this(DEFAULT_BUDGET);
    }

    /** @param budget encryptions allowed per key version before it rotates */
    public InMemoryKeySource(long budget) {
        this.budget = budget;
    }

    @Override
    public DataKey encryptionKey(KeyScope scope) {
        DataKey key = current.get(scope);
        return key != null ? key : current.computeIfAbsent(scope, s -> newKey(new KeyReference(ids.incrementAndGet(), 1)));
    }

    @Override
    public DataKey decryptionKey(KeyReference ref) throws CryptoException {
        if (!destroyed.isEmpty() && destroyed.contains(ref)) {
            throw new KeyShreddedException(ErrorCode.KEY_SHREDDED, ref);
        }
        DataKey key = all.get(ref);
        if (key == null) {
            throw new KeyNotFoundException(ErrorCode.KEY_NOT_FOUND, ref);
        }
        return key;
    }

    /** The current version, then every older version of the same key that is not destroyed, newest first. */
    @Override
    public List<KeyReference> decryptableVersions(KeyScope scope) {
        KeyReference cur = encryptionKey(scope).reference();
        if (cur.version() == 1) {
            return List.of(cur);
        }
        List<KeyReference> out = new ArrayList<>();
        for (KeyReference ref : all.keySet()) {
            if (ref.keyId() == cur.keyId() && !ref.equals(cur) && !destroyed.contains(ref)) {
                out.add(ref);
            }
        }
        out.sort(Comparator.comparingLong(KeyReference::version).reversed());
        out.add(0, cur);
        return List.copyOf(out);
    }

    @Override
    public void budgetSpent(DataKey key) {
        rotate(key.reference());
    }

    /** Makes a new version the current one for the scope of {@code ref}; old versions keep decrypting. */
    public synchronized KeyReference rotate(KeyReference ref) {
        for (Map.Entry<KeyScope, DataKey> e : current.entrySet()) {
            KeyReference cur = e.getValue().reference();
            if (cur.keyId() == ref.keyId()) {
                DataKey next = newKey(cur.next());
                e.setValue(next);
                return next.reference();
            }
        }
        throw new IllegalArgumentException("unknown " + ref);
    }

    /** Rotates the current key of {@code scope}, creating it first if needed. */
    public KeyReference rotate(KeyScope scope) {
        return rotate(encryptionKey(scope).reference());
    }

    /** Destroys one version: its material is wiped and data under it reports "shredded". */
    public void destroy(KeyReference ref) {
        destroyed.add(ref);
        DataKey key = all.remove(ref);
        if (key != null) {
            key.material().close();
        }
        current.values().removeIf(k -> k.reference().equals(ref));
    }

    private DataKey newKey(KeyReference ref) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        DataKey key = new DataKey(ref, Secret.wrapAndWipe(bytes), budget);
        all.put(ref, key);
        return key;
    }

    @Override
    public String toString() {
        return "InMemoryKeySource[" + all.size() + " key versions]";
    }
}
