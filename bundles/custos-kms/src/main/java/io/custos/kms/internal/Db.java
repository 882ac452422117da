package io.custos.kms.internal;

import io.custos.api.error.CryptoException;
import io.custos.api.error.ErrorCode;
import io.custos.kms.ConcurrentKeyUpdateException;
import io.custos.kms.KeyStoreFailureException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * JDBC plumbing: one transaction per operation, table names with the configured schema, and SQL failures
 * turned into {@link KeyStoreFailureException} without the driver's message (which may quote values).
 */
final class Db {
    private static final Logger LOG = Logger.getLogger(Db.class.getName());

    /** Work inside a transaction. */
    interface Work<T> {
        T run(Connection c) throws SQLException, CryptoException;
    }

    private final DataSource dataSource;
    private final String prefix;
    private Dialect dialect;

    Db(DataSource dataSource, String schema) {
        this.dataSource = dataSource;
        this.prefix = schema == null ? "" : schema + ".";
    }

    DataSource dataSource() {
        return dataSource;
    }

    String schemaPrefix() {
        return prefix;
    }

    /** {@code schema.name}. */
    String t(String name) {
        return prefix + name;
    }

    Dialect dialect() {
        return dialect;
    }

    void dialect(Dialect value) {
        this.dialect = value;
    }

    <T> T tx(String operation, Work<T> work) throws CryptoException {
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException e) {
                rollback(c);
                if (isConflict(e)) {
                    throw new ConcurrentKeyUpdateException(ErrorCode.KMS_CONCURRENT_UPDATE, "the key store", operation);
                }
                throw failure(operation, e);
            } catch (CryptoException | RuntimeException | Error e) {
                rollback(c);
                throw e;
            } finally {
                restore(c, auto);
            }
        } catch (SQLException e) {
            throw failure(operation, e);
        }
    }

    static KeyStoreFailureException failure(String operation, SQLException e) {
        LOG.log(Level.FINE, "key store failed to {0}: SQL state {1}, vendor code {2}",
                new Object[] {operation, e.getSQLState(), e.getErrorCode()});
        return new KeyStoreFailureException(operation, e.getSQLState());
    }

    /** Serialization failure, deadlock, or H2's concurrent-update error: another transaction won. */
    private static boolean isConflict(SQLException e) {
        String state = e.getSQLState();
        return "40001".equals(state) || "40P01".equals(state) || "90131".equals(state);
    }

    static boolean isUniqueViolation(CryptoException e) {
        return e instanceof KeyStoreFailureException f && "23505".equals(f.sqlState());
    }

    private static void rollback(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            LOG.log(Level.FINE, "rollback failed: SQL state {0}", e.getSQLState());
        }
    }

    private static void restore(Connection c, boolean auto) {
        try {
            c.setAutoCommit(auto);
        } catch (SQLException e) {
            LOG.log(Level.FINE, "could not restore auto-commit: SQL state {0}", e.getSQLState());
        }
    }

    long nextId(Connection c, String sequence) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(dialect.nextValue(t(sequence)));
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        }
    }

    static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a instanceof Instant in) {
                ps.setObject(i + 1, OffsetDateTime.ofInstant(in, ZoneOffset.UTC));
            } else if (a instanceof NullOf n) {
                ps.setNull(i + 1, n.sqlType());
            } else {
                ps.setObject(i + 1, a);
            }
        }
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    /** A typed SQL NULL bind value. */
    record NullOf(int sqlType) {
        static final NullOf TIMESTAMP = new NullOf(java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
        static final NullOf BIGINT = new NullOf(java.sql.Types.BIGINT);
        static final NullOf VARCHAR = new NullOf(java.sql.Types.VARCHAR);
        static final NullOf BINARY = new NullOf(java.sql.Types.VARBINARY);
    }

}
