package io.custos.jpa;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A database for one test class: an in-memory H2 database, or a fresh schema in the local PostgreSQL
 * (127.0.0.1:5432, database test, user postgres) that {@link #close()} drops. PostgreSQL tests fail under
 * CI=true when the server is unreachable and are skipped with the reason otherwise.
 */
public final class TestDb implements AutoCloseable {
    public enum Kind { H2, POSTGRESQL }

    private static final String PG_BASE = "jdbc:postgresql://127.0.0.1:5432/test";

    private final Kind kind;
    private final String url;
    private final String user;
    private final String schema;

    private TestDb(Kind kind, String url, String user, String schema) {
        this.kind = kind;
        this.url = url;
        this.user = user;
        this.schema = schema;
    }

    public static TestDb open(Kind kind) throws SQLException {
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        if (kind == Kind.H2) {
            return new TestDb(kind, "jdbc:h2:mem:custos_" + suffix + ";DB_CLOSE_DELAY=-1;MODE=LEGACY", "sa", null);
        }
        String schema = "custos_jpa_" + suffix;
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
        return new TestDb(kind, PG_BASE + "?currentSchema=" + schema, "postgres", schema);
    }

    public Kind kind() {
        return kind;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, "");
    }

    /** JDBC properties for a persistence unit, with DDL generation. */
    public Map<String, Object> jpaProperties() {
        Map<String, Object> p = new HashMap<>();
        p.put("jakarta.persistence.jdbc.url", url);
        p.put("jakarta.persistence.jdbc.user", user);
        p.put("jakarta.persistence.jdbc.password", "");
        p.put("jakarta.persistence.jdbc.driver", kind == Kind.H2 ? "org.h2.Driver" : "org.postgresql.Driver");
        p.put("eclipselink.ddl-generation", "create-tables");
        p.put("eclipselink.ddl-generation.output-mode", "database");
        p.put("eclipselink.session-name", "custos-" + UUID.randomUUID());
        p.put("eclipselink.logging.level", "WARNING");
        return p;
    }

    @Override
    public void close() throws SQLException {
        if (kind == Kind.POSTGRESQL) {
            try (Connection c = DriverManager.getConnection(PG_BASE, "postgres", "");
                 Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        } else {
            try (Connection c = connect(); Statement s = c.createStatement()) {
                s.execute("SHUTDOWN");
            }
        }
    }
}
