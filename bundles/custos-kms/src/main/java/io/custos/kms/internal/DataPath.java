package io.custos.kms.internal;

import io.custos.api.KeyReference;
import io.custos.api.Secret;
import io.custos.api.error.CryptoException;
import io.custos.api.error.ErrorCode;
import io.custos.api.error.KeyShreddedException;
import io.custos.api.error.KeyStateException;
import io.custos.kms.ConcurrentKeyUpdateException;
import io.custos.kms.KeyState;
import io.custos.spi.DataKey;
import io.custos.spi.DataKeySource;
import io.custos.spi.KeyScope;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The engine's side of the KMS: current keys for encryption (created on first use, rotated when their
 * cryptoperiod or encryption budget is spent) and named versions for decryption, from the cache when
 * possible. A cache miss costs one transaction and at most one root-key call (the KEK, itself cached).
 */
final class DataPath implements DataKeySource {
    private final Kernel k;
    private final KeyOps ops;
    /** Striped, so one scope's load does not block others and per-subject scopes do not grow a map. */
    private final Object[] locks = new Object[64];

    DataPath(Kernel kernel, KeyOps ops) {
        this.k = kernel;
        this.ops = ops;
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
    }

    @Override
    public DataKey encryptionKey(KeyScope scope) throws CryptoException {
        long now = k.maybeRefresh();
        DataKey key = k.cache.encryption(scope, now);
        if (key != null) {
            return key;
        }
        synchronized (locks[Math.floorMod(scope.hashCode(), locks.length)]) {
            key = k.cache.encryption(scope, System.nanoTime());
            if (key != null) {
                return key;
            }
            key = loadWithRetry(scope);
            k.cache.putEncryption(scope, key);
            k.cache.putDecryption(key);
            return key;
        }
    }

    /** A fresh lease of the scope's current key (its own reserved budget), not cached here: for export. */
    DataKey lease(KeyScope scope) throws CryptoException {
        k.maybeRefresh();
        return loadWithRetry(scope);
    }

    private DataKey loadWithRetry(KeyScope scope) throws CryptoException {
        try {
            return load(scope);
        } catch (ConcurrentKeyUpdateException e) {
            return load(scope);
        } catch (CryptoException e) {
            if (Db.isUniqueViolation(e)) {
                return load(scope);
            }
            k.audit.failure(k.service(), "load-encryption-key", scope.tenant(), describe(scope), null, e);
            throw e;
        }
    }

    private DataKey load(KeyScope scope) throws CryptoException {
        boolean[] rotated = {false};
        DataKey key = k.db.tx("load the encryption key of " + describe(scope), c -> {
            var now = k.now();
            KeyRow row = k.repo.find(c, scope.tenant(), scope.dataClass(), scope.subject(), scope.usage().name())
                    .orElse(null);
            if (row == null) {
                if (!k.config.autoCreateKeys()) {
                    throw KeyOps.notFound("key for " + describe(scope));
                }
                row = ops.create(c, scope, true, now, k.service());
            }
            if (row.shredded()) {
                throw new KeyShreddedException(ErrorCode.KEY_SHREDDED, "key " + row.keyId());
            }
            VersionRow v = k.repo.version(c, row.keyId(), row.currentVersion()).orElseThrow();
            long chunk = k.config.budgetChunk();
            long max = k.config.maxEncryptionsPerVersion();
            if (v.state() == KeyState.ACTIVE && (ops.due(row, v, now)
                    || !k.repo.reserve(c, row.keyId(), v.version(), chunk, max))) {
                String reason = ops.due(row, v, now) ? "cryptoperiod" : "encryption budget";
                row = ops.rotateIn(c, row, k.service(), reason, now);
                rotated[0] = true;
                v = k.repo.version(c, row.keyId(), row.currentVersion()).orElseThrow();
                k.repo.reserve(c, row.keyId(), v.version(), chunk, max);
            }
            if (!v.state().mayEncrypt()) {
                throw new KeyStateException(ErrorCode.KEY_STATE, v.ref(), v.state(), "encrypt");
            }
            Secret material = k.hierarchy.unsealDataKey(c, row, v);
            k.audit.success(k.service(), "load-encryption-key", scope.tenant(), KeyOps.target(row), v.ref(), Map.of());
            return new DataKey(v.ref(), material, chunk);
        });
        if (rotated[0]) {
            k.invalidate();
        }
        return key;
    }

    @Override
    public DataKey decryptionKey(KeyReference ref) throws CryptoException {
        DataKey key = k.cache.decryption(ref, k.maybeRefresh());
        if (key != null) {
            return key;
        }
        if (k.cache.isDestroyed(ref)) {
            // a page of shredded records should not cost a transaction each; the first refusal was audited
            throw new KeyShreddedException(ErrorCode.KEY_SHREDDED, ref);
        }
        try {
            key = k.db.tx("load " + ref, c -> {
                KeyRow row = k.repo.key(c, ref.keyId()).filter(r -> !r.isKek()).orElseThrow(() -> KeyOps.notFound(ref));
                VersionRow v = k.repo.version(c, ref.keyId(), ref.version()).orElseThrow(() -> KeyOps.notFound(ref));
                if (v.state().isDestroyed()) {
                    throw new KeyShreddedException(ErrorCode.KEY_SHREDDED, ref);
                }
                if (ref.version() < row.minVersion()) {
                    throw new KeyStateException(ErrorCode.KMS_VERSION_RETIRED, ref, row.minVersion());
                }
                if (!v.state().mayDecrypt()) {
                    throw new KeyStateException(ErrorCode.KEY_STATE, ref, v.state(), "decrypt");
                }
                Secret material = k.hierarchy.unsealDataKey(c, row, v);
                k.audit.success(k.service(), "load-decryption-key", row.tenant(), KeyOps.target(row), ref,
                        Map.of("state", v.state().label()));
                return new DataKey(ref, material, 0);
            });
        } catch (CryptoException e) {
            if (e instanceof KeyShreddedException) {
                k.cache.markDestroyed(ref);
            }
            k.audit.failure(k.service(), "load-decryption-key", null, "key " + ref.keyId(), ref, e);
            throw e;
        }
        k.cache.putDecryption(key);
        return key;
    }

    /**
     * The scope's current version, then the versions of the same key that may still decrypt (active,
     * deactivated, compromised; not destroyed, not below the key's minimum version), newest first. Cached
     * like keys: dropped with every local or seen revision change and after the cache's time-to-live.
     */
    @Override
    public List<KeyReference> decryptableVersions(KeyScope scope) throws CryptoException {
        KeyReference current = encryptionKey(scope).reference();
        List<KeyReference> cached = k.cache.versions(scope, k.maybeRefresh());
        if (cached != null && cached.get(0).equals(current)) {
            return cached;
        }
        List<KeyReference> listed = k.db.tx("list the decryptable versions of " + describe(scope), c -> {
            KeyRow row = k.repo.key(c, current.keyId()).orElseThrow(() -> KeyOps.notFound(current));
            List<KeyReference> out = new ArrayList<>();
            out.add(current);
            List<VersionRow> versions = k.repo.versions(c, current.keyId());
            for (int i = versions.size() - 1; i >= 0; i--) {
                VersionRow v = versions.get(i);
                if (!row.shredded() && v.version() != current.version() && v.state().mayDecrypt()
                        && v.version() >= row.minVersion()) {
                    out.add(v.ref());
                }
            }
            return List.copyOf(out);
        });
        k.cache.putVersions(scope, listed);
        return listed;
    }

    @Override
    public void budgetSpent(DataKey key) {
        k.cache.evict(key.reference());
    }

    static String describe(KeyScope scope) {
        return scope.tenant() + "/" + scope.dataClass() + (scope.subject() != null ? "/subject " + scope.subject() : "")
                + "/" + scope.usage();
    }
}
