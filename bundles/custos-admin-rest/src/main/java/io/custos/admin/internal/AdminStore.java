package io.custos.admin.internal;

import io.custos.api.error.CryptoException;
import io.custos.api.error.ErrorCode;
import io.custos.audit.AuditRecorder;
import io.custos.kms.Actor;
import io.custos.kms.KeyStoreFailureException;
import io.custos.spi.AuditEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The admin module's own tables: versions of the protection policy document (each change with its author
 * and reason, audited in the same transaction) and the ids of destruction requests made through the API,
 * which the KMS does not list.
 */
public final class AdminStore {
    private static final String[] DDL = {
        "CREATE TABLE IF NOT EXISTS custos_admin_policy (version BIGINT PRIMARY KEY, document VARCHAR(262144) NOT NULL,"
                + " sha256 VARCHAR(64) NOT NULL, changed_by VARCHAR(128) NOT NULL,"
                + " changed_at TIMESTAMP WITH TIME ZONE NOT NULL, reason VARCHAR(500) NOT NULL)",
        "CREATE TABLE IF NOT EXISTS custos_admin_destruction (request_id BIGINT PRIMARY KEY,"
                + " registered_at TIMESTAMP WITH TIME ZONE NOT NULL)"
    };

    /** One stored policy version. */
    public record PolicyVersion(long version, String document, String sha256, String changedBy, Instant changedAt,
                                String reason) {
    }

    private final DataSource dataSource;
    private final AuditRecorder audit;

    private AdminStore(DataSource dataSource, AuditRecorder audit) {
        this.dataSource = dataSource;
        this.audit = audit;
    }

    static AdminStore start(DataSource dataSource, AuditRecorder audit) throws CryptoException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (String ddl : DDL) {
                s.execute(ddl);
            }
        } catch (SQLException e) {
            throw new KeyStoreFailureException("create the admin tables", e.getSQLState());
        }
        return new AdminStore(dataSource, audit);
    }

    /** The current policy, if one was ever stored. */
    public Optional<PolicyVersion> currentPolicy() throws CryptoException {
        List<PolicyVersion> list = policies("SELECT version, document, sha256, changed_by, changed_at, reason"
                + " FROM custos_admin_policy WHERE version = (SELECT MAX(version) FROM custos_admin_policy)");
        return list.isEmpty() ? Optional.empty() : Optional.of(list.get(0));
    }

    /** The newest {@code limit} versions, newest first. */
    public List<PolicyVersion> policyHistory(int limit) throws CryptoException {
        return policies("SELECT version, document, sha256, changed_by, changed_at, reason FROM custos_admin_policy"
                + " ORDER BY version DESC LIMIT " + Math.max(1, Math.min(limit, 500)));
    }

    /**
     * Stores a new version and its audit event in one transaction.
     *
     * @param expectedVersion the version the caller read (0 when none), or {@code -1} to skip the check
     * @throws CryptoException CUSTOS-7008 if another change came first, 5001 if the audit store fails
     */
    public PolicyVersion changePolicy(Actor actor, long expectedVersion, String document, String reason)
            throws CryptoException {
        String sha = sha256(document);
        Instant now = Instant.now();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                long current;
                try (Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM custos_admin_policy")) {
                    rs.next();
                    current = rs.getLong(1);
                }
                if (expectedVersion >= 0 && expectedVersion != current) {
                    throw new CryptoException(ErrorCode.ADMIN_POLICY_CHANGED, expectedVersion, current);
                }
                long next = current + 1;
                try (PreparedStatement p = c.prepareStatement("INSERT INTO custos_admin_policy (version, document,"
                        + " sha256, changed_by, changed_at, reason) VALUES (?, ?, ?, ?, ?, ?)")) {
                    p.setLong(1, next);
                    p.setString(2, document);
                    p.setString(3, sha);
                    p.setString(4, actor.principal());
                    p.setObject(5, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
                    p.setString(6, reason);
                    p.executeUpdate();
                }
                audit.record(c, AuditEvent.now(actor.principal(), AuditEvent.Category.POLICY, "change-policy",
                                AuditEvent.Outcome.SUCCESS)
                        .withTarget(null, "protection-policy", null)
                        .withPurpose(reason)
                        .withDetails(Map.of("version", Long.toString(next), "previousVersion", Long.toString(current),
                                "sha256", sha, "bytes", Integer.toString(document.length()))));
                c.commit();
                return new PolicyVersion(next, document, sha, actor.principal(), now, reason);
            } catch (SQLException e) {
                c.rollback();
                if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
                    throw new CryptoException(ErrorCode.ADMIN_POLICY_CHANGED, expectedVersion, "a newer one");
                }
                throw e;
            } catch (CryptoException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new KeyStoreFailureException("store a policy version", e.getSQLState());
        }
    }

    /** Remembers a destruction request made through the API. */
    public void registerDestruction(long requestId) throws CryptoException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement p = c.prepareStatement(
                     "INSERT INTO custos_admin_destruction (request_id, registered_at) VALUES (?, ?)")) {
            p.setLong(1, requestId);
            p.setObject(2, OffsetDateTime.now(ZoneOffset.UTC));
            p.executeUpdate();
        } catch (SQLException e) {
            if (e.getSQLState() == null || !e.getSQLState().startsWith("23")) {
                throw new KeyStoreFailureException("register a destruction request", e.getSQLState());
            }
        }
    }

    /** The newest {@code limit} destruction request ids, newest first. */
    public List<Long> destructionIds(int limit) throws CryptoException {
        List<Long> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT request_id FROM custos_admin_destruction ORDER BY request_id DESC"
                     + " LIMIT " + Math.max(1, Math.min(limit, 1000)))) {
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
        } catch (SQLException e) {
            throw new KeyStoreFailureException("list destruction requests", e.getSQLState());
        }
        return out;
    }

    private List<PolicyVersion> policies(String sql) throws CryptoException {
        List<PolicyVersion> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(new PolicyVersion(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getObject(5, OffsetDateTime.class).toInstant(), rs.getString(6)));
            }
        } catch (SQLException e) {
            throw new KeyStoreFailureException("read the policy", e.getSQLState());
        }
        return out;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }

    /** Used by the readiness check: one cheap query. */
    boolean reachable() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM custos_admin_destruction")) {
            return rs.next();
        } catch (SQLException e) {
            return false;
        }
    }

}
