package io.custos.rotation;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A database for one test: in-memory H2, or a fresh schema in the local PostgreSQL (127.0.0.1:5432, database
 * test) dropped by {@link #close()}. PostgreSQL tests fail under CI=true when the server is unreachable and are
 * skipped with the reason otherwise.
 */
public final class Db implements AutoCloseable, DataSource {
    public enum Kind { H2, POSTGRESQL }

    static final String PG_BASE = "jdbc:postgresql://127.0.0.1:5432/test";

    public final Kind kind;
    public final String url;
    public final String user;
    public final String schema;

    public Db(Kind kind, String url, String user, String schema) {
        this.kind = kind;
        this.url = url;
        this.user = user;
        this.schema = schema;
    }

    public static Db open(Kind kind) throws SQLException {
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        if (kind == Kind.H2) {
            return new Db(kind, "jdbc:h2:mem:rot_" + suffix + ";DB_CLOSE_DELAY=-1", "sa", null);
        }
        String schema = "rot_" + suffix;
        try (Connection c = DriverManager.getConnection(PG_BASE, "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException("PostgreSQL at 127.0.0.1:5432 (database test) is required under CI=true: "
                        + e.getSQLState(), e);
            }
            assumeTrue(false, "PostgreSQL at 127.0.0.1:5432 (database test) is not reachable: " + e.getMessage());
        }
        return new Db(kind, PG_BASE + "?currentSchema=" + schema, "postgres", schema);
    }

    public Map<String, Object> jpaProperties() {
        Map<String, Object> p = new HashMap<>();
        p.put("jakarta.persistence.jdbc.url", url);
        p.put("jakarta.persistence.jdbc.user", user);
        p.put("jakarta.persistence.jdbc.password", "");
        p.put("jakarta.persistence.jdbc.driver", kind == Kind.H2 ? "org.h2.Driver" : "org.postgresql.Driver");
        p.put("eclipselink.ddl-generation", "create-tables");
        p.put("eclipselink.ddl-generation.output-mode", "database");
        p.put("eclipselink.session-name", "rot-" + UUID.randomUUID());
        p.put("eclipselink.logging.level", "WARNING");
        p.put("eclipselink.cache.shared.default", "false");
        return p;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return DriverManager.getConnection(url, user, "");
    }

    @Override
    public Connection getConnection(String u, String p) throws SQLException {
        return getConnection();
    }

    @Override
    public void close() throws SQLException {
        if (kind == Kind.POSTGRESQL) {
            try (Connection c = DriverManager.getConnection(PG_BASE, "postgres", "");
                 Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        } else {
            try (Connection c = getConnection(); Statement s = c.createStatement()) {
                s.execute("SHUTDOWN");
            }
        }
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
    }

    @Override
    public void setLoginTimeout(int seconds) {
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() {
        return Logger.getGlobal();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return false;
    }
}
