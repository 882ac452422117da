package io.custos.kms.internal;

import io.custos.api.DataClass;
import io.custos.kms.KeyState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** SQL over {@code kms_key}, {@code kms_key_version} and {@code kms_meta}. Every method joins the caller's transaction. */
final class KeyRepository {
    private static final String KEY_COLUMNS = "key_id, tenant, data_class, subject, key_usage, current_version,"
            + " min_decrypt_version, shredded, created_at, row_version";
    private static final String VERSION_COLUMNS = "key_id, key_version, key_state, sealed, sealed_by, kek_id,"
            + " kek_version, reserved_uses, created_at, activated_at, deactivated_at, compromised_at, destroyed_at";

    private final Db db;

    KeyRepository(Db db) {
        this.db = db;
    }

    Optional<KeyRow> find(Connection c, String tenant, DataClass dataClass, String subject, String usage)
            throws SQLException {
        List<KeyRow> rows = keys(c, "tenant = ? AND data_class = ? AND subject = ? AND key_usage = ?",
                tenant, dataClass.name(), KeyRow.storedSubject(subject), usage);
        return rows.stream().findFirst();
    }

    Optional<KeyRow> key(Connection c, long keyId) throws SQLException {
        return keys(c, "key_id = ?", keyId).stream().findFirst();
    }

    List<KeyRow> keys(Connection c, String where, Object... args) throws SQLException {
        String sql = "SELECT " + KEY_COLUMNS + " FROM " + db.t("kms_key")
                + (where == null ? "" : " WHERE " + where) + " ORDER BY key_id";
        List<KeyRow> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Db.bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String subject = rs.getString("subject");
                    out.add(new KeyRow(rs.getLong("key_id"), rs.getString("tenant"),
                            DataClass.valueOf(rs.getString("data_class")),
                            KeyRow.NO_SUBJECT.equals(subject) ? null : subject, rs.getString("key_usage"),
                            rs.getLong("current_version"), rs.getLong("min_decrypt_version"),
                            rs.getBoolean("shredded"), Db.instant(rs, "created_at"), rs.getLong("row_version")));
                }
            }
        }
        return out;
    }

    Optional<VersionRow> version(Connection c, long keyId, long version) throws SQLException {
        return versions(c, "key_id = ? AND key_version = ?", keyId, version).stream().findFirst();
    }

    List<VersionRow> versions(Connection c, long keyId) throws SQLException {
        return versions(c, "key_id = ?", keyId);
    }

    List<VersionRow> sealedBy(Connection c, long kekId) throws SQLException {
        return versions(c, "kek_id = ? AND sealed IS NOT NULL", kekId);
    }

    List<VersionRow> versions(Connection c, String where, Object... args) throws SQLException {
        String sql = "SELECT " + VERSION_COLUMNS + " FROM " + db.t("kms_key_version")
                + (where == null ? "" : " WHERE " + where) + " ORDER BY key_id, key_version";
        List<VersionRow> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Db.bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new VersionRow(rs.getLong("key_id"), rs.getLong("key_version"),
                            KeyState.valueOf(rs.getString("key_state")), rs.getBytes("sealed"),
                            rs.getString("sealed_by"), Db.nullableLong(rs, "kek_id"),
                            Db.nullableLong(rs, "kek_version"), rs.getLong("reserved_uses"),
                            Db.instant(rs, "created_at"), Db.instant(rs, "activated_at"),
                            Db.instant(rs, "deactivated_at"), Db.instant(rs, "compromised_at"),
                            Db.instant(rs, "destroyed_at")));
                }
            }
        }
        return out;
    }

    void insertKey(Connection c, KeyRow k) throws SQLException {
        db.update(c, "INSERT INTO " + db.t("kms_key") + " (" + KEY_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                k.keyId(), k.tenant(), k.dataClass().name(), KeyRow.storedSubject(k.subject()), k.usage(),
                k.currentVersion(), k.minVersion(), k.shredded(), k.createdAt(), k.rowVersion());
    }

    void insertVersion(Connection c, VersionRow v) throws SQLException {
        db.update(c, "INSERT INTO " + db.t("kms_key_version") + " (" + VERSION_COLUMNS
                        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                v.keyId(), v.version(), v.state().name(), v.sealed() == null ? Db.NullOf.BINARY : v.sealed(),
                v.sealedBy(), v.kekId() == null ? Db.NullOf.BIGINT : v.kekId(),
                v.kekVersion() == null ? Db.NullOf.BIGINT : v.kekVersion(), v.reservedUses(), v.createdAt(),
                ts(v.activatedAt()), ts(v.deactivatedAt()), ts(v.compromisedAt()), ts(v.destroyedAt()));
    }

    /**
     * Writes the key row if nobody changed it since {@code expectedRowVersion} was read.
     *
     * @return false if another transaction won
     */
    boolean updateKey(Connection c, KeyRow k, long expectedRowVersion) throws SQLException {
        return db.update(c, "UPDATE " + db.t("kms_key") + " SET current_version = ?, min_decrypt_version = ?,"
                        + " shredded = ?, row_version = row_version + 1 WHERE key_id = ? AND row_version = ?",
                k.currentVersion(), k.minVersion(), k.shredded(), k.keyId(), expectedRowVersion) == 1;
    }

    /** Moves a version to {@code next}, stamping the matching column; erases the material on destruction. */
    boolean transition(Connection c, long keyId, long version, KeyState from, KeyState next, Instant now)
            throws SQLException {
        String column = switch (next) {
            case ACTIVE -> "activated_at";
            case DEACTIVATED -> "deactivated_at";
            case COMPROMISED -> "compromised_at";
            case DESTROYED -> "destroyed_at";
            case DESTROYED_COMPROMISED -> from == KeyState.DESTROYED ? "compromised_at" : "destroyed_at";
            case PRE_ACTIVE -> throw new IllegalArgumentException("no transition into pre-active");
        };
        String erase = next.isDestroyed() ? ", sealed = NULL" : "";
        return db.update(c, "UPDATE " + db.t("kms_key_version") + " SET key_state = ?, " + column + " = ?" + erase
                        + " WHERE key_id = ? AND key_version = ? AND key_state = ?",
                next.name(), now, keyId, version, from.name()) == 1;
    }

    void reseal(Connection c, long keyId, long version, byte[] sealed, String sealedBy, Long kekId, Long kekVersion)
            throws SQLException {
        db.update(c, "UPDATE " + db.t("kms_key_version") + " SET sealed = ?, sealed_by = ?, kek_id = ?, kek_version = ?"
                        + " WHERE key_id = ? AND key_version = ?", sealed, sealedBy,
                kekId == null ? Db.NullOf.BIGINT : kekId, kekVersion == null ? Db.NullOf.BIGINT : kekVersion,
                keyId, version);
    }

    /** Reserves {@code chunk} encryptions under a version, unless that would pass {@code max}. */
    boolean reserve(Connection c, long keyId, long version, long chunk, long max) throws SQLException {
        return db.update(c, "UPDATE " + db.t("kms_key_version") + " SET reserved_uses = reserved_uses + ?"
                        + " WHERE key_id = ? AND key_version = ? AND reserved_uses + ? <= ?",
                chunk, keyId, version, chunk, max) == 1;
    }

    /** Counts a change that other instances must see (revocation, rotation, destruction). */
    void bumpRevision(Connection c) throws SQLException {
        db.update(c, "UPDATE " + db.t("kms_meta") + " SET meta_value = meta_value + 1 WHERE meta_name = 'revision'");
    }

    long revision(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT meta_value FROM " + db.t("kms_meta")
                + " WHERE meta_name = 'revision'"); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    long countKeys(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + db.t("kms_key"));
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Object ts(Instant i) {
        return i == null ? Db.NullOf.TIMESTAMP : i;
    }
}
