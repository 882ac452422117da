package io.custos.kms.internal;

import io.custos.api.DataClass;
import io.custos.api.KeyReference;
import io.custos.api.Secret;
import io.custos.api.error.CryptoException;
import io.custos.api.error.ErrorCode;
import io.custos.kms.Actor;
import io.custos.kms.EdgeGrant;
import io.custos.kms.EdgeKeyPackage;
import io.custos.kms.GrantRejectedException;
import io.custos.kms.IssuedGrant;
import io.custos.kms.KmsRequestException;
import io.custos.kms.Role;
import io.custos.spi.DataKey;
import io.custos.spi.DataKeySource;
import io.custos.spi.KeyScope;
import io.custos.spi.KeyUsage;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

/**
 * Encrypt-only grants for edge devices and cloud applications: one tenant partition and data class, an
 * expiry, revocable. The KMS stores the SHA-256 of the bearer token, never the token. Grant checks are
 * cached like keys and dropped on any revision change, so a revocation reaches every instance within the
 * poll interval; expiry is checked on every call.
 */
final class Grants {
    private final Kernel k;
    private final DataPath data;
    private final Map<String, EdgeGrant> byHash = new ConcurrentHashMap<>();

    Grants(Kernel kernel, DataPath data) {
        this.k = kernel;
        this.data = data;
        kernel.onInvalidate(byHash::clear);
    }

    IssuedGrant issue(Actor actor, String tenant, DataClass dataClass, String device, Duration lifetime)
            throws CryptoException {
        return k.audited(actor, "issue-grant", tenant, "device " + device, null, () -> {
            Access.require(actor, "issue grants", Role.KEY_CUSTODIAN);
            if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(k.config.maxGrantLifetime()) > 0) {
                throw new KmsRequestException(ErrorCode.KMS_OUT_OF_BOUNDS, "grant lifetime", lifetime, "PT1S",
                        k.config.maxGrantLifetime());
            }
            String id = "grant-" + HexFormat.of().formatHex(k.material.randomBytes(8));
            byte[] token = k.material.randomBytes(32);
            try {
                byte[] hash = sha256(token);
                EdgeGrant grant = k.db.tx("issue a grant", c -> {
                    Instant now = k.now();
                    k.db.update(c, "INSERT INTO " + k.db.t("kms_grant") + " (grant_id, token_hash, tenant, data_class,"
                                    + " device, issued_by, issued_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                            id, hash, tenant, dataClass.name(), new Actor(device, null).principal(), actor.principal(),
                            now, now.plus(lifetime));
                    k.audit.success(actor.principal(), "issue-grant", tenant, "grant " + id + " for device " + device,
                            null, Map.of("dataClass", dataClass.name(), "expiresAt", now.plus(lifetime).toString()));
                    return new EdgeGrant(id, tenant, dataClass, device, actor.principal(), now, now.plus(lifetime), null);
                });
                return new IssuedGrant(grant, Secret.copyOf(token));
            } finally {
                Arrays.fill(token, (byte) 0);
            }
        });
    }

    EdgeGrant revoke(Actor actor, String grantId) throws CryptoException {
        EdgeGrant g = k.audited(actor, "revoke-grant", null, "grant " + grantId, null, () -> {
            Access.require(actor, "revoke grants", Role.SECURITY_OFFICER, Role.KEY_CUSTODIAN);
            return k.db.tx("revoke grant " + grantId, c -> {
                List<EdgeGrant> found = select(c, "grant_id = ?", grantId);
                if (found.isEmpty()) {
                    throw new KmsRequestException(ErrorCode.KMS_REQUEST_NOT_FOUND, "grant", grantId);
                }
                k.db.update(c, "UPDATE " + k.db.t("kms_grant") + " SET revoked_at = ?, revoked_by = ?"
                        + " WHERE grant_id = ? AND revoked_at IS NULL", k.now(), actor.principal(), grantId);
                k.repo.bumpRevision(c);
                k.audit.success(actor.principal(), "revoke-grant", found.get(0).tenant(), "grant " + grantId, null, Map.of());
                return select(c, "grant_id = ?", grantId).get(0);
            });
        });
        k.invalidate();
        return g;
    }

    List<EdgeGrant> list(Actor actor) throws CryptoException {
        Access.require(actor, "read grants", Role.AUDITOR, Role.KEY_CUSTODIAN, Role.SECURITY_OFFICER);
        return k.db.tx("list grants", c -> select(c, null));
    }

    /** The key source a device holding {@code token} uses with the crypto engine: encrypt only, in scope only. */
    DataKeySource keySource(Secret token) {
        String hash = hash(token);
        return new DataKeySource() {
            @Override
            public DataKey encryptionKey(KeyScope scope) throws CryptoException {
                inScope(check(hash), scope, "grant-encrypt");
                return data.encryptionKey(scope);
            }

            @Override
            public DataKey decryptionKey(KeyReference ref) throws CryptoException {
                EdgeGrant g = check(hash);
                GrantRejectedException e = new GrantRejectedException(ErrorCode.KMS_GRANT_REJECTED, g.grantId(),
                        "it is encrypt-only");
                k.audit.failure(g.device(), "grant-decrypt", g.tenant(), "grant " + g.grantId(), ref, e);
                throw e;
            }

            @Override
            public void budgetSpent(DataKey key) {
                data.budgetSpent(key);
            }

            @Override
            public String toString() {
                return "GrantKeySource";
            }
        };
    }

    /**
     * Wraps a fresh lease of the scope's current data key for a device that cannot reach the key store,
     * under the device's RSA public key (at least 2048 bits) with RSA-OAEP-SHA-256.
     */
    EdgeKeyPackage export(Secret token, KeyScope scope, PublicKey device) throws CryptoException {
        EdgeGrant g = check(hash(token));
        inScope(g, scope, "export-edge-key");
        if (!(device instanceof RSAPublicKey rsa) || rsa.getModulus().bitLength() < 2048) {
            GrantRejectedException e = new GrantRejectedException(ErrorCode.KMS_GRANT_REJECTED, g.grantId(),
                    "the device key must be RSA of at least 2048 bits");
            k.audit.failure(g.device(), "export-edge-key", g.tenant(), "grant " + g.grantId(), null, e);
            throw e;
        }
        DataKey key = data.lease(scope);
        byte[] raw = key.material().bytes();
        try {
            Cipher cipher = Cipher.getInstance(EdgeKeyPackage.WRAP_ALGORITHM);
            cipher.init(Cipher.ENCRYPT_MODE, device, new OAEPParameterSpec("SHA-256", "MGF1",
                    MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT));
            byte[] wrapped = cipher.doFinal(raw);
            k.audit.success(g.device(), "export-edge-key", g.tenant(), "grant " + g.grantId(), key.reference(),
                    Map.of("encryptions", Long.toString(key.encryptionBudget()), "expiresAt", g.expiresAt().toString()));
            return new EdgeKeyPackage(g.grantId(), key.reference(), g.tenant(), g.dataClass(), wrapped, g.expiresAt(),
                    key.encryptionBudget());
        } catch (GeneralSecurityException e) {
            throw new GrantRejectedException(ErrorCode.KMS_GRANT_REJECTED, g.grantId(),
                    "the key could not be wrapped for the device (" + e.getClass().getSimpleName() + ")");
        } finally {
            Arrays.fill(raw, (byte) 0);
            key.material().close();
        }
    }

    private void inScope(EdgeGrant g, KeyScope scope, String action) throws GrantRejectedException {
        if (!g.tenant().equals(scope.tenant()) || g.dataClass() != scope.dataClass()
                || scope.usage() != KeyUsage.FIELD_ENCRYPTION) {
            GrantRejectedException e = new GrantRejectedException(ErrorCode.KMS_GRANT_REJECTED, g.grantId(),
                    "scope " + DataPath.describe(scope) + " is outside " + g.tenant() + "/" + g.dataClass());
            k.audit.failure(g.device(), action, scope.tenant(), "grant " + g.grantId(), null, e);
            throw e;
        }
    }

    private static String hash(Secret token) {
        byte[] raw = token.bytes();
        try {
            return HexFormat.of().formatHex(sha256(raw));
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    private EdgeGrant check(String hash) throws CryptoException {
        k.maybeRefresh();
        EdgeGrant g = byHash.get(hash);
        if (g == null) {
            List<EdgeGrant> found = k.db.tx("check a grant", c -> select(c, "token_hash = ?", HexFormat.of().parseHex(hash)));
            if (found.isEmpty()) {
                throw new GrantRejectedException(ErrorCode.KMS_GRANT_REJECTED, "(unknown token)", "no such grant");
            }
            g = found.get(0);
            byHash.put(hash, g);
        }
        Instant now = k.now();
        if (g.revokedAt() != null || !now.isBefore(g.expiresAt())) {
            GrantRejectedException e = new GrantRejectedException(ErrorCode.KMS_GRANT_REJECTED, g.grantId(),
                    g.revokedAt() != null ? "revoked at " + g.revokedAt() : "expired at " + g.expiresAt());
            k.audit.failure(g.device(), "grant-encrypt", g.tenant(), "grant " + g.grantId(), null, e);
            throw e;
        }
        return g;
    }

    private List<EdgeGrant> select(Connection c, String where, Object... args) throws SQLException {
        List<EdgeGrant> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT grant_id, tenant, data_class, device, issued_by, issued_at,"
                + " expires_at, revoked_at FROM " + k.db.t("kms_grant") + (where == null ? "" : " WHERE " + where)
                + " ORDER BY issued_at")) {
            Db.bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new EdgeGrant(rs.getString("grant_id"), rs.getString("tenant"),
                            DataClass.valueOf(rs.getString("data_class")), rs.getString("device"),
                            rs.getString("issued_by"), Db.instant(rs, "issued_at"), Db.instant(rs, "expires_at"),
                            Db.instant(rs, "revoked_at")));
                }
            }
        }
        return out;
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
