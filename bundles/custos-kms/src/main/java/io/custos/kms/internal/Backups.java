package io.custos.kms.internal;

import com.codahale.shamir.Scheme;
import io.custos.api.Secret;
import io.custos.api.error.CryptoException;
import io.custos.api.error.ErrorCode;
import io.custos.kms.Actor;
import io.custos.kms.BackupBundle;
import io.custos.kms.BackupException;
import io.custos.kms.BackupShare;
import io.custos.kms.KmsRequestException;
import io.custos.kms.RestoreCeremony;
import io.custos.kms.Role;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Key backup and restore. A backup is every key row and version, sealed with AES-256-GCM under a fresh
 * random backup key; the backup key is split with Shamir's scheme ({@code com.codahale:shamir}) into N
 * shares of which any M open the archive. A restore writes the keys into an empty store in one transaction
 * and seals the KEKs under this instance's root-key provider.
 */
final class Backups {
    private final Kernel k;
    private final SecureRandom random;

    Backups(Kernel kernel, SecureRandom random) {
        this.k = kernel;
        this.random = random;
    }

    BackupBundle backup(Actor actor, int shares, int threshold) throws CryptoException {
        return k.audited(actor, "backup", null, "key store", null, () -> {
            Access.require(actor, "take key backups", Role.KEY_CUSTODIAN);
            if (shares < 1 || shares > 255) {
                throw new KmsRequestException(ErrorCode.KMS_OUT_OF_BOUNDS, "share count", shares, 1, 255);
            }
            int min = shares == 1 ? 1 : 2;
            if (threshold < min || threshold > shares) {
                throw new KmsRequestException(ErrorCode.KMS_OUT_OF_BOUNDS, "share threshold", threshold, min, shares);
            }
            List<BackupCodec.Entry> entries = k.db.tx("read the key store for a backup", this::readAll);
            String id = "backup-" + HexFormat.of().formatHex(k.material.randomBytes(8));
            BackupCodec.Header header = new BackupCodec.Header(id, k.now(), entries.size(), threshold, shares);
            byte[] body = BackupCodec.body(entries);
            entries.forEach(e -> e.versions().stream().filter(v -> v.kekId() == null && v.sealed() != null)
                    .forEach(v -> Arrays.fill(v.sealed(), (byte) 0)));
            byte[] backupKey = k.material.randomBytes(32);
            try {
                byte[] nonce = k.material.randomBytes(12);
                byte[] sealed = gcm(Cipher.ENCRYPT_MODE, backupKey, nonce, header.encode(), body, id);
                List<BackupShare> out = split(id, backupKey, shares, threshold);
                k.audit.success(actor.principal(), "backup", null, "key store", null,
                        Map.of("backup", id, "keys", Integer.toString(entries.size()),
                                "shares", shares + "", "threshold", threshold + ""));
                return new BackupBundle(id, header.createdAt(), entries.size(), threshold,
                        BackupCodec.archive(header, nonce, sealed), out);
            } finally {
                Arrays.fill(backupKey, (byte) 0);
                Arrays.fill(body, (byte) 0);
            }
        });
    }

    RestoreCeremony begin(Actor actor, byte[] archive) throws CryptoException {
        return k.audited(actor, "begin-restore", null, "key store", null, () -> {
            Access.require(actor, "restore key backups", Role.KEY_CUSTODIAN);
            BackupCodec.Archive parsed;
            try {
                parsed = BackupCodec.parse(archive);
            } catch (IOException | RuntimeException e) {
                throw new BackupException(ErrorCode.KMS_BACKUP_INVALID, "(unreadable)", "not a custos-kms backup");
            }
            ensureEmpty();
            k.audit.success(actor.principal(), "begin-restore", null, "key store", null,
                    Map.of("backup", parsed.header().backupId()));
            return new Ceremony(this, k, parsed, actor.principal());
        });
    }

    private void ensureEmpty() throws CryptoException {
        long count = k.db.tx("count keys", k.repo::countKeys);
        if (count > 0) {
            throw new BackupException(ErrorCode.KMS_RESTORE_TARGET_NOT_EMPTY, count);
        }
    }

    /** Combines the shares, opens the archive and writes the keys; called by the ceremony. */
    int restore(String actor, BackupCodec.Archive archive, Map<Integer, byte[]> shares) throws CryptoException {
        BackupCodec.Header h = archive.header();
        byte[] backupKey = shares.containsKey(0) ? shares.get(0).clone()
                : new Scheme(random, h.shares(), h.threshold()).join(shares);
        byte[] body;
        try {
            body = gcm(Cipher.DECRYPT_MODE, backupKey, archive.nonce(), archive.aad(), archive.body(), h.backupId());
        } finally {
            Arrays.fill(backupKey, (byte) 0);
        }
        try {
            List<BackupCodec.Entry> entries = BackupCodec.entries(body);
            int restored = k.db.tx("restore backup " + h.backupId(), c -> write(c, entries, actor, h.backupId()));
            k.invalidate();
            return restored;
        } catch (IOException e) {
            throw new BackupException(ErrorCode.KMS_BACKUP_INVALID, h.backupId(), "its content is malformed");
        } finally {
            Arrays.fill(body, (byte) 0);
        }
    }

    private int write(Connection c, List<BackupCodec.Entry> entries, String actor, String backupId)
            throws SQLException, CryptoException {
        long existing = k.repo.countKeys(c);
        if (existing > 0) {
            throw new BackupException(ErrorCode.KMS_RESTORE_TARGET_NOT_EMPTY, existing);
        }
        long maxId = 0;
        for (BackupCodec.Entry e : entries) {
            k.repo.insertKey(c, e.key());
            maxId = Math.max(maxId, e.key().keyId());
        }
        for (BackupCodec.Entry e : entries) {
            for (VersionRow v : e.versions()) {
                if (e.key().isKek() && v.sealed() != null) {
                    try (Secret kek = Secret.wrapAndWipe(v.sealed())) {
                        k.repo.insertVersion(c, k.hierarchy.resealKek(v, kek));
                    }
                } else {
                    k.repo.insertVersion(c, v);
                }
            }
        }
        try (var s = c.createStatement()) {
            s.execute(k.db.dialect().restartSequence(k.db.t("kms_key_id_seq"), maxId + 1));
        }
        k.repo.bumpRevision(c);
        k.audit.success(actor, "restore", null, "key store", null,
                Map.of("backup", backupId, "keys", Integer.toString(entries.size())));
        return entries.size();
    }

    private List<BackupCodec.Entry> readAll(Connection c) throws SQLException, CryptoException {
        List<BackupCodec.Entry> out = new ArrayList<>();
        for (KeyRow key : k.repo.keys(c, null)) {
            List<VersionRow> versions = new ArrayList<>();
            for (VersionRow v : k.repo.versions(c, key.keyId())) {
                if (key.isKek() && v.sealed() != null) {
                    try (Secret kek = k.hierarchy.kekMaterial(v)) {
                        v = new VersionRow(v.keyId(), v.version(), v.state(), kek.bytes(), v.sealedBy(), null, null,
                                v.reservedUses(), v.createdAt(), v.activatedAt(), v.deactivatedAt(),
                                v.compromisedAt(), v.destroyedAt());
                    }
                }
                versions.add(v);
            }
            out.add(new BackupCodec.Entry(key, versions));
        }
        return out;
    }

    private List<BackupShare> split(String id, byte[] key, int n, int threshold) {
        List<BackupShare> out = new ArrayList<>();
        if (n == 1) {
            out.add(new BackupShare(id, 0, 1, Secret.copyOf(key)));
            return out;
        }
        for (Map.Entry<Integer, byte[]> part : new Scheme(random, n, threshold).split(key).entrySet()) {
            out.add(new BackupShare(id, part.getKey(), threshold, Secret.wrapAndWipe(part.getValue())));
        }
        return out;
    }

    private static byte[] gcm(int mode, byte[] key, byte[] nonce, byte[] aad, byte[] in, String backupId)
            throws BackupException {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
            cipher.updateAAD(aad);
            return cipher.doFinal(in);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new BackupException(ErrorCode.KMS_BACKUP_INVALID, backupId,
                    "the shares do not open it, or it was altered");
        }
    }

}
