package io.custos.audit.testing;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.postgresql.ds.PGSimpleDataSource;

/** Test databases: a private in-memory H2, or a private schema on the local PostgreSQL. */
public final class Databases {
    public static final String PG_URL = "jdbc:postgresql://127.0.0.1:5432/test";

    private Databases() {
    }

    public static DataSource h2() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:audit" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1");
        ds.setUser("sa");
        return ds;
    }

    public static PGSimpleDataSource postgres() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(PG_URL);
        ds.setUser("postgres");
        try (Connection c = ds.getConnection()) {
            c.isValid(2);
        } catch (SQLException e) {
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail("PostgreSQL at 127.0.0.1:5432 (database test) is required under CI=true: " + e.getSQLState());
            }
            Assumptions.abort("PostgreSQL at 127.0.0.1:5432 (database test) is not reachable; skipped outside CI");
        }
        return ds;
    }

    /** Creates a fresh schema {@code custos_audit_<random>} and returns its name. */
    public static String newSchema(DataSource ds) throws SQLException {
        String schema = "custos_audit_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        return schema;
    }

    public static void dropSchema(DataSource ds, String schema) throws SQLException {
        if (schema != null) {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }
}
