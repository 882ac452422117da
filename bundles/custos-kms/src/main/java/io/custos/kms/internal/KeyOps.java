package io.custos.kms.internal;

import io.custos.api.DataClass;
import io.custos.api.KeyReference;
import io.custos.api.Secret;
import io.custos.api.error.CryptoException;
import io.custos.api.error.ErrorCode;
import io.custos.api.error.KeyNotFoundException;
import io.custos.api.error.KeyShreddedException;
import io.custos.kms.Actor;
import io.custos.kms.ConcurrentKeyUpdateException;
import io.custos.kms.IllegalKeyTransitionException;
import io.custos.kms.KeyInfo;
import io.custos.kms.KeyState;
import io.custos.kms.KmsRequestException;
import io.custos.kms.Role;
import io.custos.spi.KeyScope;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Key creation, rotation (data keys and KEKs), lifecycle transitions and metadata queries. */
final class KeyOps {
    private final Kernel k;

    KeyOps(Kernel kernel) {
        this.k = kernel;
    }

    /** Creates a data key for {@code scope} inside the caller's transaction. */
    KeyRow create(Connection c, KeyScope scope, boolean activate, Instant now, String actor)
            throws SQLException, CryptoException {
        k.hierarchy.kekFor(c, scope.tenant(), scope.dataClass(), now);
        long id = k.db.nextId(c, "kms_key_id_seq");
        KeyRow key = new KeyRow(id, scope.tenant(), scope.dataClass(), scope.subject(), scope.usage().name(), 1, 1,
                false, now, 0);
        k.repo.insertKey(c, key);
        try (Secret material = k.material.generate()) {
            k.repo.insertVersion(c, k.hierarchy.sealDataKey(c, key, 1,
                    material, activate ? KeyState.ACTIVE : KeyState.PRE_ACTIVE, now));
        }
        k.audit.success(actor, "create-key", scope.tenant(), target(key), new KeyReference(id, 1),
                Map.of("state", activate ? "active" : "pre-active", "usage", key.usage()));
        return key;
    }

    KeyInfo createKey(Actor actor, KeyScope scope, boolean activate) throws CryptoException {
        return k.audited(actor, "create-key", scope.tenant(), null, null, () -> {
            Access.require(actor, "create keys", Role.KEY_CUSTODIAN);
            try {
                return k.db.tx("create a key", c -> {
                    Optional<KeyRow> existing = k.repo.find(c, scope.tenant(), scope.dataClass(), scope.subject(),
                            scope.usage().name());
                    KeyRow key = existing.isPresent() ? existing.get() : create(c, scope, activate, k.now(),
                            actor.principal());
                    return info(c, key);
                });
            } catch (CryptoException e) {
                if (!Db.isUniqueViolation(e)) {
                    throw e;
                }
                return k.db.tx("read a key", c -> info(c, k.repo.find(c, scope.tenant(), scope.dataClass(),
                        scope.subject(), scope.usage().name()).orElseThrow()));
            }
        });
    }

    /**
     * Adds version n+1 of {@code key} (active) and deactivates version n, inside the caller's transaction.
     * The optimistic check on the key row makes one of two concurrent rotations fail with CUSTOS-3101.
     */
    KeyRow rotateIn(Connection c, KeyRow key, String actor, String reason, Instant now)
            throws SQLException, CryptoException {
        if (key.shredded()) {
            throw new KeyShreddedException(ErrorCode.KEY_SHREDDED, "key " + key.keyId());
        }
        long next = key.currentVersion() + 1;
        if (next > KeyReference.MAX) {
            throw new KmsRequestException(ErrorCode.KMS_OUT_OF_BOUNDS, "version of key", next, 1, KeyReference.MAX);
        }
        KeyRow rotated = new KeyRow(key.keyId(), key.tenant(), key.dataClass(), key.subject(), key.usage(), next,
                key.minVersion(), false, key.createdAt(), key.rowVersion() + 1);
        if (!k.repo.updateKey(c, rotated, key.rowVersion())) {
            throw new ConcurrentKeyUpdateException(ErrorCode.KMS_CONCURRENT_UPDATE, "key " + key.keyId(), "rotation");
        }
        if (key.isKek()) {
            k.repo.insertVersion(c, k.hierarchy.sealKek(key.keyId(), next, now));
        } else {
            try (Secret material = k.material.generate()) {
                k.repo.insertVersion(c, k.hierarchy.sealDataKey(c, rotated, next, material, KeyState.ACTIVE, now));
            }
        }
        VersionRow previous = k.repo.version(c, key.keyId(), key.currentVersion()).orElseThrow();
        if (previous.state() == KeyState.ACTIVE) {
            k.repo.transition(c, key.keyId(), previous.version(), KeyState.ACTIVE, KeyState.DEACTIVATED, now);
        }
        k.repo.bumpRevision(c);
        k.audit.success(actor, key.isKek() ? "rotate-kek" : "rotate", key.tenant(), target(key),
                new KeyReference(key.keyId(), next), Map.of("reason", reason, "previous", Long.toString(previous.version())));
        return rotated;
    }

    KeyInfo rotate(Actor actor, long keyId, String reason) throws CryptoException {
        KeyInfo info = k.audited(actor, "rotate", null, "key " + keyId, null, () -> {
            Access.require(actor, "rotate keys", Role.KEY_CUSTODIAN);
            return k.db.tx("rotate key " + keyId, c -> {
                KeyRow key = dataKey(c, keyId);
                return info(c, rotateIn(c, key, actor.principal(), reason, k.now()));
            });
        });
        k.invalidate();
        return info;
    }

    /**
     * Rotates the partition's KEK and re-seals every live data-key version under the new KEK version in the
     * same transaction; the data itself is untouched. Old KEK versions are destroyed, nothing refers to them.
     */
    int rotateKek(Actor actor, String tenant, DataClass dataClass) throws CryptoException {
        int count = k.audited(actor, "rotate-kek", tenant, "kek of " + tenant + "/" + dataClass, null, () -> {
            Access.require(actor, "rotate key-encryption keys", Role.KEY_CUSTODIAN);
            return k.db.tx("rotate a key-encryption key", c -> {
                KeyRow kek = k.repo.find(c, tenant, dataClass, null, KeyRow.KEK).orElseThrow(() ->
                        new KeyNotFoundException(ErrorCode.KEY_NOT_FOUND, "key-encryption key of " + tenant + "/" + dataClass));
                return rotateKekIn(c, kek, actor.principal(), "manual", k.now());
            });
        });
        k.invalidate();
        return count;
    }

    /**
     * Adds a KEK version, re-seals the partition's live data-key versions under it and destroys the KEK
     * versions nothing refers to any more, inside the caller's transaction.
     */
    private int rotateKekIn(Connection c, KeyRow kek, String actor, String reason, Instant now)
            throws SQLException, CryptoException {
        KeyRow rotated = rotateIn(c, kek, actor, reason, now);
        KeyReference newKek = new KeyReference(kek.keyId(), rotated.currentVersion());
        Map<Long, KeyRow> keys = new HashMap<>();
        int resealed = 0;
        for (VersionRow v : k.repo.sealedBy(c, kek.keyId())) {
            if (v.kekVersion() != newKek.version()) {
                KeyRow owner = keys.get(v.keyId());
                if (owner == null) {
                    owner = k.repo.key(c, v.keyId()).orElseThrow();
                    keys.put(v.keyId(), owner);
                }
                k.hierarchy.reseal(c, owner, v, newKek);
                resealed++;
            }
        }
        for (VersionRow old : k.repo.versions(c, kek.keyId())) {
            if (old.version() < newKek.version() && !old.state().isDestroyed() && old.state() != KeyState.ACTIVE) {
                KeyState end = old.state() == KeyState.COMPROMISED ? KeyState.DESTROYED_COMPROMISED : KeyState.DESTROYED;
                k.repo.transition(c, kek.keyId(), old.version(), old.state(), end, now);
            }
        }
        k.audit.success(actor, "reseal-data-keys", kek.tenant(), target(kek), newKek,
                Map.of("resealed", Integer.toString(resealed)));
        return resealed;
    }

    /** Rotates every data key whose current version has outlived its class's cryptoperiod. */
    List<Long> rotateDue(Actor actor) throws CryptoException {
        Access.require(actor, "rotate keys", Role.KEY_CUSTODIAN);
        List<KeyRow> keys = k.db.tx("list keys", c -> k.repo.keys(c, "shredded = ? AND key_usage <> ?", false, KeyRow.KEK));
        List<Long> rotated = new ArrayList<>();
        for (KeyRow key : keys) {
            try {
                boolean done = k.db.tx("rotate key " + key.keyId(), c -> {
                    KeyRow fresh = k.repo.key(c, key.keyId()).orElseThrow();
                    VersionRow v = k.repo.version(c, fresh.keyId(), fresh.currentVersion()).orElseThrow();
                    if (!due(fresh, v, k.now())) {
                        return false;
                    }
                    rotateIn(c, fresh, actor.principal(), "cryptoperiod", k.now());
                    return true;
                });
                if (done) {
                    rotated.add(key.keyId());
                }
            } catch (ConcurrentKeyUpdateException e) {
                // another instance rotated it at the same moment: the goal is reached
            }
        }
        if (!rotated.isEmpty()) {
            k.invalidate();
        }
        return rotated;
    }

    boolean due(KeyRow key, VersionRow current, Instant now) {
        return current.state() == KeyState.ACTIVE && current.activatedAt() != null
                && !current.activatedAt().plus(k.config.cryptoperiod(key.dataClass())).isAfter(now);
    }

    /** Checked lifecycle transition of one version; compromising the current version also rotates. */
    KeyInfo transition(Actor actor, KeyReference ref, KeyState next, Role... roles) throws CryptoException {
        String action = switch (next) {
            case ACTIVE -> "activate";
            case DEACTIVATED -> "deactivate";
            case COMPROMISED -> "mark-compromised";
            default -> throw new IllegalArgumentException("use the destruction API");
        };
        KeyInfo info = k.audited(actor, action, null, "key " + ref.keyId(), ref, () -> {
            Access.require(actor, action + " keys", roles);
            return k.db.tx(action + " " + ref, c -> {
                Instant now = k.now();
                KeyRow key = k.repo.key(c, ref.keyId()).orElseThrow(() -> notFound(ref));
                VersionRow v = k.repo.version(c, ref.keyId(), ref.version()).orElseThrow(() -> notFound(ref));
                KeyState to = next == KeyState.COMPROMISED && v.state() == KeyState.DESTROYED
                        ? KeyState.DESTROYED_COMPROMISED : next;
                if (!v.state().canBecome(to)) {
                    throw new IllegalKeyTransitionException(ErrorCode.KMS_ILLEGAL_TRANSITION, ref, v.state(), to);
                }
                if (!k.repo.transition(c, ref.keyId(), ref.version(), v.state(), to, now)) {
                    throw new ConcurrentKeyUpdateException(ErrorCode.KMS_CONCURRENT_UPDATE, ref, action);
                }
                k.repo.bumpRevision(c);
                k.audit.success(actor.principal(), action, key.tenant(), target(key), ref,
                        Map.of("from", v.state().label(), "to", to.label()));
                if (next == KeyState.COMPROMISED && ref.version() == key.currentVersion() && !key.shredded()) {
                    if (key.isKek()) {
                        rotateKekIn(c, key, actor.principal(), "compromise", now);
                        key = k.repo.key(c, key.keyId()).orElseThrow();
                    } else {
                        key = rotateIn(c, key, actor.principal(), "compromise", now);
                    }
                }
                return info(c, key);
            });
        });
        k.invalidate();
        return info;
    }

    KeyInfo setMinimumDecryptionVersion(Actor actor, long keyId, long version) throws CryptoException {
        KeyInfo info = k.audited(actor, "set-minimum-version", null, "key " + keyId, null, () -> {
            Access.require(actor, "retire key versions", Role.KEY_CUSTODIAN);
            return k.db.tx("set the minimum version of key " + keyId, c -> {
                KeyRow key = k.repo.key(c, keyId).orElseThrow(() -> notFound("key " + keyId));
                if (version < 1 || version > key.currentVersion()) {
                    throw new KmsRequestException(ErrorCode.KMS_OUT_OF_BOUNDS, "minimum version", version, 1,
                            key.currentVersion());
                }
                KeyRow updated = new KeyRow(key.keyId(), key.tenant(), key.dataClass(), key.subject(), key.usage(),
                        key.currentVersion(), version, key.shredded(), key.createdAt(), key.rowVersion() + 1);
                if (!k.repo.updateKey(c, updated, key.rowVersion())) {
                    throw new ConcurrentKeyUpdateException(ErrorCode.KMS_CONCURRENT_UPDATE, "key " + keyId,
                            "minimum-version change");
                }
                k.repo.bumpRevision(c);
                k.audit.success(actor.principal(), "set-minimum-version", key.tenant(), target(key),
                        new KeyReference(keyId, version), Map.of("previous", Long.toString(key.minVersion())));
                return info(c, updated);
            });
        });
        k.invalidate();
        return info;
    }

    KeyInfo info(Actor actor, long keyId) throws CryptoException {
        Access.require(actor, "read key metadata", Role.AUDITOR, Role.KEY_CUSTODIAN, Role.SECURITY_OFFICER);
        return k.db.tx("read key " + keyId, c -> info(c, k.repo.key(c, keyId).orElseThrow(() -> notFound("key " + keyId))));
    }

    Optional<KeyInfo> find(Actor actor, KeyScope scope) throws CryptoException {
        Access.require(actor, "read key metadata", Role.AUDITOR, Role.KEY_CUSTODIAN, Role.SECURITY_OFFICER);
        return k.db.tx("find a key", c -> {
            Optional<KeyRow> row = k.repo.find(c, scope.tenant(), scope.dataClass(), scope.subject(), scope.usage().name());
            return row.isPresent() ? Optional.of(info(c, row.get())) : Optional.<KeyInfo>empty();
        });
    }

    List<KeyInfo> list(Actor actor, String tenant) throws CryptoException {
        Access.require(actor, "read key metadata", Role.AUDITOR, Role.KEY_CUSTODIAN, Role.SECURITY_OFFICER);
        return k.db.tx("list keys", c -> {
            List<KeyInfo> out = new ArrayList<>();
            for (KeyRow row : tenant == null ? k.repo.keys(c, null) : k.repo.keys(c, "tenant = ?", tenant)) {
                out.add(info(c, row));
            }
            return out;
        });
    }

    KeyInfo info(Connection c, KeyRow key) throws SQLException {
        List<io.custos.kms.KeyVersionInfo> versions = new ArrayList<>();
        for (VersionRow v : k.repo.versions(c, key.keyId())) {
            versions.add(v.info());
        }
        return new KeyInfo(key.keyId(), key.tenant(), key.dataClass(), key.subject(), key.keyUsage(),
                key.currentVersion(), key.minVersion(), key.shredded(), key.createdAt(), versions);
    }

    KeyRow dataKey(Connection c, long keyId) throws SQLException, KeyNotFoundException {
        return k.repo.key(c, keyId).filter(r -> !r.isKek()).orElseThrow(() -> notFound("key " + keyId));
    }

    static KeyNotFoundException notFound(Object what) {
        return new KeyNotFoundException(ErrorCode.KEY_NOT_FOUND, what);
    }

    static String target(KeyRow key) {
        return (key.isKek() ? "kek " : "key ") + key.keyId() + " " + key.tenant() + "/" + key.dataClass()
                + (key.subject() != null ? "/subject " + key.subject() : "") + (key.isKek() ? "" : "/" + key.usage());
    }
}
