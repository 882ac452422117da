package io.custos.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.custos.api.ProtectionLevel;
import io.custos.api.Secret;
import io.custos.api.error.AuditUnavailableException;
import io.custos.audit.testing.Databases;
import io.custos.audit.testing.Events;
import io.custos.audit.testing.TestSigner;
import io.custos.audit.verify.Checkpoint;
import io.custos.audit.verify.MerkleProofs;
import io.custos.audit.verify.PackVerifier;
import io.custos.audit.verify.TreeHash;
import io.custos.audit.verify.VerificationReport;
import io.custos.spi.AuditEvent;
import java.io.PrintWriter;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Audit store down, fail-closed decisions, retention with archived ranges, and no secret in any output. */
class FaultsAndRetentionTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path tmp;

    /** A DataSource that can be switched off, as when the database goes away. */
    private static class SwitchableDataSource implements DataSource {
        final DataSource real;
        final AtomicBoolean down = new AtomicBoolean();

        SwitchableDataSource(DataSource real) {
            this.real = real;
        }

        @Override
        public Connection getConnection() throws SQLException {
            if (down.get()) {
                throw new SQLTransientConnectionException("connection refused", "08001");
            }
            Connection c = real.getConnection();
            // Open connections break too when the database goes away.
            return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                    (proxy, m, args) -> {
                        if (down.get() && !m.getName().equals("close")) {
                            throw new SQLException("connection lost", "08006");
                        }
                        try {
                            return m.invoke(c, args);
                        } catch (java.lang.reflect.InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }

        @Override
        public Connection getConnection(String u, String p) throws SQLException {
            return getConnection();
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

    @Test
    void record_storeDown_throwsCustos5001AndNothingIsHalfWritten() throws Exception {
        SwitchableDataSource ds = new SwitchableDataSource(Databases.h2());
        try (AuditRecorder r = AuditRecorder.start(ds, new TestSigner(), AuditConfig.defaults())) {
            r.record(Events.read("alice", 0));
            ds.down.set(true);
            assertThatThrownBy(() -> r.record(Events.read("alice", 1))).isInstanceOf(AuditUnavailableException.class)
                    .hasMessageStartingWith("CUSTOS-5001").hasMessageContaining("SQLState 08");
            assertThatThrownBy(() -> r.recordAll(List.of(Events.read("alice", 2)))).isInstanceOf(AuditUnavailableException.class);
            ds.down.set(false);
            r.record(Events.read("alice", 3));
            VerificationReport rep = r.verify();
            assertThat(rep.intact()).isTrue();
            assertThat(rep.eventsChecked()).isEqualTo(2);
        }
    }

    @Test
    void record_connectionFailsMidTransaction_rollsBackAndThrows() throws Exception {
        DataSource real = Databases.h2();
        AtomicBoolean breakInsert = new AtomicBoolean();
        DataSource flaky = new SwitchableDataSource(real) {
            @Override
            public Connection getConnection() throws SQLException {
                Connection c = real.getConnection();
                return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                        (proxy, m, args) -> {
                            if (breakInsert.get() && m.getName().equals("commit")) {
                                c.rollback();
                                throw new SQLException("connection reset", "08006");
                            }
                            try {
                                return m.invoke(c, args);
                            } catch (java.lang.reflect.InvocationTargetException e) {
                                throw e.getCause();
                            }
                        });
            }
        };
        try (AuditRecorder r = AuditRecorder.start(flaky, new TestSigner(), AuditConfig.defaults())) {
            r.record(Events.read("alice", 0));
            breakInsert.set(true);
            assertThatThrownBy(() -> r.record(Events.read("alice", 1))).isInstanceOf(AuditUnavailableException.class)
                    .hasMessageContaining("08006");
            breakInsert.set(false);
            r.record(Events.read("alice", 2));
            assertThat(r.verify().intact()).isTrue();
        }
    }

    /**
     * A container pool resets auto-commit on a connection held across requests (seen on Payara with
     * PostgreSQL): every statement of an append must still run inside one transaction.
     */
    @Test
    void record_poolResetsAutoCommitBetweenAppends_appendsStayTransactional() throws Exception {
        DataSource real = Databases.h2();
        List<String> autoCommitStatements = new ArrayList<>();
        DataSource pool = new SwitchableDataSource(real) {
            @Override
            public Connection getConnection() throws SQLException {
                Connection c = real.getConnection();
                return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                        (proxy, m, args) -> {
                            if (m.getName().startsWith("prepare") && c.getAutoCommit()) {
                                autoCommitStatements.add(String.valueOf(args[0]));
                            }
                            try {
                                Object result = m.invoke(c, args);
                                if (m.getName().equals("commit")) {
                                    c.setAutoCommit(true); // what the pool does when the request ends
                                }
                                return result;
                            } catch (java.lang.reflect.InvocationTargetException e) {
                                throw e.getCause();
                            }
                        });
            }
        };
        try (AuditRecorder r = AuditRecorder.start(pool, new TestSigner(), AuditConfig.defaults())) {
            autoCommitStatements.clear();
            for (int i = 0; i < 5; i++) {
                r.record(Events.read("alice", i));
            }
            r.recordAll(List.of(Events.read("bob", 5), Events.read("bob", 6)));
            assertThat(autoCommitStatements).as("statements run outside a transaction").isEmpty();
            VerificationReport report = r.verify();
            assertThat(report.intact()).isTrue();
            assertThat(report.eventsChecked()).isEqualTo(7);
        }
    }

    @Test
    void failClosedPolicy_perLevel_refusesOrProceedsLoudly() throws Exception {
        SwitchableDataSource ds = new SwitchableDataSource(Databases.h2());
        List<String> logged = new ArrayList<>();
        Handler h = collect(logged);
        Logger policyLog = Logger.getLogger(FailClosedPolicy.class.getName());
        policyLog.addHandler(h);
        try (AuditRecorder r = AuditRecorder.start(ds, new TestSigner(), AuditConfig.defaults())) {
            FailClosedPolicy policy = FailClosedPolicy.fromProperties(Map.of(FailClosedPolicy.PROPERTY, "RESTRICTED,CRITICAL"));
            assertThat(policy.recordOrRefuse(r, Events.read("alice", 0), ProtectionLevel.CRITICAL)).isTrue();
            ds.down.set(true);
            assertThatThrownBy(() -> policy.recordOrRefuse(r, Events.read("alice", 1), ProtectionLevel.CRITICAL))
                    .isInstanceOf(AuditUnavailableException.class);
            assertThatThrownBy(() -> policy.recordOrRefuse(r, Events.read("alice", 1), ProtectionLevel.RESTRICTED))
                    .isInstanceOf(AuditUnavailableException.class);
            assertThat(policy.recordOrRefuse(r, Events.read("alice", 2), ProtectionLevel.INTERNAL)).isFalse();
            assertThat(policy.unrecordedCount()).isEqualTo(1);
            assertThat(logged).anySatisfy(m -> assertThat(m).startsWith("CUSTOS-5006").contains("decrypt").contains("INTERNAL"));
        } finally {
            policyLog.removeHandler(h);
        }
        assertThat(FailClosedPolicy.fromProperties(Map.of(FailClosedPolicy.PROPERTY, "ALL")).failsClosed(ProtectionLevel.INTERNAL))
                .isTrue();
        assertThat(FailClosedPolicy.fromProperties(Map.of(FailClosedPolicy.PROPERTY, "NONE")).failsClosed(ProtectionLevel.CRITICAL))
                .isFalse();
        assertThatThrownBy(() -> FailClosedPolicy.fromProperties(Map.of(FailClosedPolicy.PROPERTY, "SECRETISH")))
                .hasMessageStartingWith("CUSTOS-1002");
    }

    @Test
    void checkpoint_signerDown_recordStillSucceedsAndExplicitCheckpointFails5003() throws Exception {
        TestSigner signer = new TestSigner();
        try (AuditRecorder r = AuditRecorder.start(Databases.h2(), signer, AuditConfig.defaults().withCheckpoints(2, Duration.ZERO))) {
            signer.setDown(true);
            for (int i = 0; i < 5; i++) {
                r.record(Events.read("alice", i));
            }
            assertThatThrownBy(r::checkpoint).isInstanceOf(AuditUnavailableException.class).hasMessageStartingWith("CUSTOS-5003");
            signer.setDown(false);
            assertThat(r.checkpoint().size()).isEqualTo(5);
        }
    }

    @Test
    void retention_archivesOldRangeKeepsCheckpointsAndTheRestStillVerifies() throws Exception {
        DataSource ds = Databases.h2();
        TestSigner signer = new TestSigner();
        Path archive = tmp.resolve("archive");
        AuditConfig config = AuditConfig.defaults().withCheckpoints(8, Duration.ZERO)
                .withRetention(Duration.ofDays(30), archive);
        try (AuditRecorder r = AuditRecorder.start(ds, signer, config)) {
            for (int i = 0; i < 50; i++) {
                r.record(Events.at(T0.plus(Duration.ofDays(i)), "alice", i));
            }
            Checkpoint before = r.checkpoint();
            // now = day 60: events of days 0 .. 29 are older than 30 days
            long removed = r.applyRetention(T0.plus(Duration.ofDays(60)));
            assertThat(removed).isEqualTo(30);
            assertThat(count(ds, "SELECT MIN(seq) FROM custos_audit_event")).isEqualTo(30);
            assertThat(count(ds, "SELECT COUNT(*) FROM custos_audit_checkpoint WHERE tree_size <= 30")).isGreaterThanOrEqualTo(3);
            for (int i = 50; i < 60; i++) {
                r.record(Events.at(T0.plus(Duration.ofDays(i)), "alice", i));
            }
            VerificationReport rep = r.verify();
            assertThat(rep.intact()).as(rep.verdict()).isTrue();
            assertThat(rep.verdict()).contains("archived");
            // The archived range is itself a verifiable evidence pack.
            Path pack = archive.resolve("archive-0-30");
            VerificationReport archived = PackVerifier.verify(pack, signer.signingPublicKey());
            assertThat(archived.intact()).as(archived.verdict()).isTrue();
            assertThat(archived.eventsChecked()).isEqualTo(30);
            // Proofs over live events still work, and the new tree is consistent with the old checkpoint.
            Checkpoint after = r.checkpoint();
            assertThat(MerkleProofs.verifyConsistency(before.size(), after.size(), before.root(), after.root(),
                    r.consistencyProof(before.size(), after.size()))).isTrue();
            byte[] leaf = TreeHash.leaf(body(ds, 40).getBytes(StandardCharsets.UTF_8));
            assertThat(MerkleProofs.verifyInclusion(40, after.size(), leaf, r.inclusionProof(40, after.size()), after.root()))
                    .isTrue();
            assertThatThrownBy(() -> r.inclusionProof(3, after.size())).hasMessageStartingWith("CUSTOS-5005");
            // Tampering with a live event after archiving is still caught.
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("DELETE FROM custos_audit_event WHERE seq = 31");
            }
            assertThat(r.verify().firstBadPosition()).isEqualTo(31);
        }
        assertThat(Files.exists(archive.resolve("archive-0-30/events.jsonl"))).isTrue();
    }

    @Test
    void outputs_neverContainProtectedValuesOrDigestKey() throws Exception {
        String patientName = "Zhang-Wei-Secret-Patient";
        byte[] digestKey = "digest-key-material-0123456789-abcdef".getBytes(StandardCharsets.UTF_8);
        List<String> logged = new ArrayList<>();
        Handler h = collect(logged);
        Logger root = Logger.getLogger("io.custos");
        root.addHandler(h);
        SwitchableDataSource ds = new SwitchableDataSource(Databases.h2());
        List<String> outputs = new ArrayList<>();
        try (FieldDigester digester = new FieldDigester("audit-2026", Secret.copyOf(digestKey));
             AuditRecorder r = AuditRecorder.start(ds, new TestSigner(), AuditConfig.defaults())) {
            AuditEvent change = Events.read("alice", 1).withDetails(digester.change("PATIENT.NAME", patientName, "Li-Na"));
            r.record(change);
            outputs.add(digester.toString());
            outputs.add(change.toString());
            assertThat(digester.digest("PATIENT.NAME", patientName)).isEqualTo(change.details().get("old.PATIENT.NAME"))
                    .isNotEqualTo(digester.digest("PATIENT.ALIAS", patientName));
            Path pack = tmp.resolve("p");
            r.exportPack(Instant.EPOCH, Instant.now().plusSeconds(5), pack);
            outputs.add(Files.readString(pack.resolve("events.jsonl")));
            ds.down.set(true);
            try {
                r.record(change);
            } catch (AuditUnavailableException e) {
                for (Throwable t = e; t != null; t = t.getCause()) {
                    outputs.add(String.valueOf(t.getMessage()));
                }
            }
            try (Connection c = ds.real.getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT body FROM custos_audit_event")) {
                while (rs.next()) {
                    outputs.add(rs.getString(1));
                }
            }
        } finally {
            root.removeHandler(h);
        }
        outputs.addAll(logged);
        String keyText = new String(digestKey, StandardCharsets.UTF_8);
        assertThat(String.join("\n", outputs)).contains("hmac-sha256:audit-2026:").doesNotContain(patientName)
                .doesNotContain("Li-Na").doesNotContain(keyText);
    }

    @Test
    void start_configuredSchemaAndPrefix_createsTablesThereAndRefusesAnotherLogsTables() throws Exception {
        DataSource ds = Databases.h2();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA audit");
        }
        AuditConfig config = AuditConfig.fromProperties(Map.of("custos.audit.schema", "audit",
                "custos.audit.table-prefix", "trail_", "custos.audit.log-name", "erp-prod"));
        TestSigner signer = new TestSigner();
        try (AuditRecorder r = AuditRecorder.start(ds, signer, config)) {
            r.record(Events.read("alice", 1));
            assertThat(r.verify().intact()).isTrue();
        }
        try (AuditRecorder again = AuditRecorder.start(ds, signer, config)) {
            again.record(Events.read("alice", 2));
        }
        assertThat(count(ds, "SELECT COUNT(*) FROM audit.trail_event")).isEqualTo(3); // two events and the verify event
        AuditConfig other = AuditConfig.fromProperties(Map.of("custos.audit.schema", "audit",
                "custos.audit.table-prefix", "trail_", "custos.audit.log-name", "erp-test"));
        assertThatThrownBy(() -> AuditRecorder.start(ds, signer, other)).isInstanceOf(AuditUnavailableException.class);
        assertThatThrownBy(() -> AuditConfig.fromProperties(Map.of("custos.audit.table-prefix", "x; DROP TABLE y")))
                .hasMessageStartingWith("CUSTOS-1002");
    }

    private static Handler collect(List<String> into) {
        return new Handler() {
            @Override
            public void publish(LogRecord r) {
                into.add(r.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
    }

    private static long count(DataSource ds, String q) throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(q)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String body(DataSource ds, long seq) throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT body FROM custos_audit_event WHERE seq = " + seq)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
