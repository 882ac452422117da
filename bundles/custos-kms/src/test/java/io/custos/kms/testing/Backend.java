package io.custos.kms.testing;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.postgresql.ds.PGSimpleDataSource;

/** The databases every KMS test runs on: in-memory H2 and the machine's PostgreSQL (database test). */
public enum Backend {
    H2 {
        @Override
        DataSource dataSource(String name) {
            JdbcDataSource ds = new JdbcDataSource();
            ds.setURL("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000");
            return ds;
        }

        @Override
        void drop(DataSource ds, String schema) throws SQLException {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("SHUTDOWN");
            }
        }
    },
    POSTGRESQL {
        @Override
        DataSource dataSource(String name) {
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setURL("jdbc:postgresql://127.0.0.1:5432/test");
            ds.setUser("postgres");
            ds.setConnectTimeout(5);
            try (Connection c = ds.getConnection()) {
                c.isValid(2);
            } catch (SQLException e) {
                String why = "PostgreSQL is not reachable at 127.0.0.1:5432/test (SQL state " + e.getSQLState() + ")";
                if ("true".equals(System.getenv("CI"))) {
                    Assertions.fail(why + "; under CI=true this is a failure");
                }
                Assumptions.abort(why + "; skipped outside CI");
            }
            return ds;
        }

        @Override
        void drop(DataSource ds, String schema) throws SQLException {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    };

    abstract DataSource dataSource(String name);

    abstract void drop(DataSource ds, String schema) throws SQLException;
}
