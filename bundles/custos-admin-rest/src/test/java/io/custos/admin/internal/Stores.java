package io.custos.admin.internal;

import io.custos.audit.AuditConfig;
import io.custos.audit.AuditRecorder;
import io.custos.crypto.software.SoftwareRootKeyProviderFactory;
import io.custos.spi.ProviderConfig;
import io.custos.spi.RootKeyProvider;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A real audit recorder (software signing key) over a private H2 database or a private schema of the local
 * PostgreSQL, for the admin module's own SQL. PostgreSQL missing: skipped with the reason, failed under CI=true.
 */
final class Stores implements AutoCloseable {
    final DataSource ds;
    final String schema;
    final SoftwareRootKeyProviderFactory factory = new SoftwareRootKeyProviderFactory();
    final RootKeyProvider root;
    final AuditRecorder recorder;

    private Stores(DataSource ds, String schema, Path dir) throws Exception {
        this.ds = ds;
        this.schema = schema;
        factory.init(ProviderConfig.of("software", Map.of(SoftwareRootKeyProviderFactory.PATH,
                dir.resolve("ks.p12").toString(), SoftwareRootKeyProviderFactory.PASSWORD, "test-only-password",
                SoftwareRootKeyProviderFactory.CREATE, "true")));
        root = factory.create();
        AuditConfig config = AuditConfig.defaults().withCheckpoints(1000, Duration.ZERO);
        recorder = AuditRecorder.start(ds, root, schema == null ? config : config.withSchema(schema));
    }

    static Stores h2(Path dir) throws Exception {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:admin" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1");
        return new Stores(ds, null, dir);
    }

    static Stores postgres(Path dir) throws Exception {
        PGSimpleDataSource probe = new PGSimpleDataSource();
        probe.setUrl("jdbc:postgresql://127.0.0.1:5432/test");
        probe.setUser("postgres");
        String schema = "custos_admin_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = probe.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail("PostgreSQL at 127.0.0.1:5432 (database test) is required under CI=true: " + e.getSQLState());
            }
            Assumptions.abort("PostgreSQL at 127.0.0.1:5432 (database test) is not reachable; skipped outside CI");
        }
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl("jdbc:postgresql://127.0.0.1:5432/test");
        ds.setUser("postgres");
        ds.setCurrentSchema(schema);
        return new Stores(ds, schema, dir);
    }

    /** The audit event table as the recorder names it. */
    String eventTable() {
        return recorder.config().qualifiedPrefix() + "event";
    }

    @Override
    public void close() throws SQLException {
        recorder.close();
        root.close();
        factory.close();
        if (schema != null) {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }
}
