package io.custos.kms.internal;

import io.custos.api.DataClass;
import io.custos.api.KeyReference;
import io.custos.api.Secret;
import io.custos.api.error.CryptoException;
import io.custos.api.error.ErrorCode;
import io.custos.api.error.KeyStateException;
import io.custos.kms.KeyState;
import io.custos.spi.RootKeyProvider;
import io.custos.spi.SealedKey;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The middle of the hierarchy: one key-encryption key per (tenant, data class), sealed by the root-key
 * provider, sealing that partition's data keys. Unsealed KEKs are cached for the cache TTL so the root key
 * (an HSM call) is touched once per KEK version and TTL, not once per data key.
 */
final class KeyHierarchy {
    private record CachedKek(SecretKey key, long expiresAt) {
    }

    private final RootKeyProvider root;
    private final KeyRepository repo;
    private final KeyMaterial material;
    private final Db db;
    private final long ttlNanos;
    private final Map<KeyReference, CachedKek> keks = new ConcurrentHashMap<>();

    KeyHierarchy(RootKeyProvider root, KeyRepository repo, KeyMaterial material, Db db, Duration ttl) {
        this.root = root;
        this.repo = repo;
        this.material = material;
        this.db = db;
        this.ttlNanos = ttl.toNanos();
    }

    void invalidate() {
        keks.clear();
    }

    void sweep() {
        long now = System.nanoTime();
        keks.values().removeIf(e -> now - e.expiresAt() >= 0);
    }

    /** The partition's KEK, created (version 1, active) if it does not exist yet. */
    KeyRow kekFor(Connection c, String tenant, DataClass dataClass, Instant now) throws SQLException, CryptoException {
        var existing = repo.find(c, tenant, dataClass, null, KeyRow.KEK);
        if (existing.isPresent()) {
            KeyRow kek = existing.get();
            if (kek.shredded()) {
                throw new io.custos.api.error.KeyShreddedException(ErrorCode.KEY_SHREDDED,
                        "key-encryption key " + kek.keyId() + " of tenant " + tenant);
            }
            return kek;
        }
        long id = db.nextId(c, "kms_key_id_seq");
        KeyRow kek = new KeyRow(id, tenant, dataClass, null, KeyRow.KEK, 1, 1, false, now, 0);
        repo.insertKey(c, kek);
        repo.insertVersion(c, sealKek(id, 1, now));
        return kek;
    }

    /** Generates KEK version {@code version}, sealed by the root key and active from {@code now}. */
    VersionRow sealKek(long kekId, long version, Instant now) throws CryptoException {
        try (Secret k = material.generate()) {
            KeyReference ref = new KeyReference(kekId, version);
            SealedKey sealed = root.seal(k, ref);
            return new VersionRow(kekId, version, KeyState.ACTIVE, sealed.blob(), sealed.rootKeyId(), null, null, 0,
                    now, now, null, null, null);
        }
    }

    /** Re-seals existing KEK material under the current root key (restore, root rotation). */
    VersionRow resealKek(VersionRow kekVersion, Secret kek) throws CryptoException {
        SealedKey sealed = root.seal(kek, kekVersion.ref());
        return new VersionRow(kekVersion.keyId(), kekVersion.version(), kekVersion.state(), sealed.blob(),
                sealed.rootKeyId(), null, null, 0, kekVersion.createdAt(), kekVersion.activatedAt(),
                kekVersion.deactivatedAt(), kekVersion.compromisedAt(), kekVersion.destroyedAt());
    }

    /** Seals a data key under the partition's current KEK version. */
    VersionRow sealDataKey(Connection c, KeyRow key, long version, Secret dataKey, KeyState state, Instant now)
            throws SQLException, CryptoException {
        KeyRow kek = kekFor(c, key.tenant(), key.dataClass(), now);
        SecretKey kekKey = kekKey(c, new KeyReference(kek.keyId(), kek.currentVersion()));
        byte[] sealed = material.wrap(kekKey, dataKey, KeyMaterial.dataKeyAad(key, version));
        return new VersionRow(key.keyId(), version, state, sealed, KeyMaterial.KEK_SEALER, kek.keyId(),
                kek.currentVersion(), 0, now, state == KeyState.ACTIVE ? now : null, null, null, null);
    }

    Secret unsealDataKey(Connection c, KeyRow key, VersionRow v) throws SQLException, CryptoException {
        SecretKey kekKey = kekKey(c, new KeyReference(v.kekId(), v.kekVersion()));
        return material.unwrap(kekKey, v.sealed(), KeyMaterial.dataKeyAad(key, v.version()), v.ref());
    }

    /** Re-seals a data-key version under another KEK version, without the data key leaving this method. */
    void reseal(Connection c, KeyRow key, VersionRow v, KeyReference newKek) throws SQLException, CryptoException {
        try (Secret dk = unsealDataKey(c, key, v)) {
            byte[] sealed = material.wrap(kekKey(c, newKek), dk, KeyMaterial.dataKeyAad(key, v.version()));
            repo.reseal(c, v.keyId(), v.version(), sealed, KeyMaterial.KEK_SEALER, newKek.keyId(), newKek.version());
        }
    }

    /** The unsealed KEK version, from the cache or through one root-key call. */
    SecretKey kekKey(Connection c, KeyReference ref) throws SQLException, CryptoException {
        CachedKek cached = keks.get(ref);
        long now = System.nanoTime();
        if (cached != null && now - cached.expiresAt() < 0) {
            return cached.key();
        }
        VersionRow row = repo.version(c, ref.keyId(), ref.version()).orElseThrow(
                () -> new io.custos.api.error.KeyNotFoundException(ErrorCode.KEY_NOT_FOUND, "key-encryption " + ref));
        if (row.sealed() == null) {
            throw new io.custos.api.error.KeyShreddedException(ErrorCode.KEY_SHREDDED, "key-encryption " + ref);
        }
        if (row.state() == KeyState.PRE_ACTIVE) {
            throw new KeyStateException(ErrorCode.KEY_STATE, "key-encryption " + ref, row.state(), "unseal");
        }
        SecretKey key;
        try (Secret s = root.unseal(new SealedKey(row.sealedBy(), row.sealed()), ref)) {
            byte[] b = s.bytes();
            try {
                key = new SecretKeySpec(b, "AES");
            } finally {
                Arrays.fill(b, (byte) 0);
            }
        }
        keks.put(ref, new CachedKek(key, now + ttlNanos));
        return key;
    }

    /** The KEK material itself, for backups only. */
    Secret kekMaterial(VersionRow kekVersion) throws CryptoException {
        return root.unseal(new SealedKey(kekVersion.sealedBy(), kekVersion.sealed()), kekVersion.ref());
    }
}
