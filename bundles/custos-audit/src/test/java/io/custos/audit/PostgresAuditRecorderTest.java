package io.custos.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.custos.audit.testing.Databases;
import io.custos.audit.testing.Events;
import io.custos.audit.testing.Keystores;
import io.custos.audit.verify.PackVerifier;
import io.custos.audit.verify.VerificationReport;
import io.custos.spi.RootKeyProvider;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The recorder on the real PostgreSQL: several threads, two in-JVM instances and two child JVMs append to
 * one log; one child dies holding the head lock mid-append, the other dies between batches. Afterwards
 * the log verifies, has no gap, and holds every event whose record() returned.
 */
class PostgresAuditRecorderTest {
    @TempDir
    Path tmp;
    private PGSimpleDataSource ds;
    private String schema;
    private RootKeyProvider signer;
    private final List<Process> children = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        ds = Databases.postgres();
        schema = Databases.newSchema(ds);
        signer = Keystores.open(tmp.resolve("keystore.p12"));
    }

    @AfterEach
    void tearDown() throws Exception {
        children.forEach(Process::destroyForcibly);
        Databases.dropSchema(ds, schema);
        if (signer != null) {
            signer.close();
        }
    }

    private AuditConfig config() {
        return AuditConfig.defaults().withSchema(schema).withCheckpoints(50, Duration.ZERO);
    }

    private Process child(String mode, List<String> lines, CountDownLatch ready, String readyPrefix) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ChildWriter.class.getName(),
                Databases.PG_URL, schema, tmp.resolve("keystore.p12").toString(), mode)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        children.add(p);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                    if (line.startsWith(readyPrefix)) {
                        ready.countDown();
                    }
                }
            } catch (java.io.IOException ignored) {
                // the child was killed
            }
        });
        reader.setDaemon(true);
        reader.start();
        return p;
    }

    @Test
    void appends_threadsInstancesAndKilledChildJvms_oneOrderNoGapNothingLost() throws Exception {
        AuditRecorder a = AuditRecorder.start(ds, signer, config());
        PGSimpleDataSource ds2 = Databases.postgres();
        AuditRecorder b = AuditRecorder.start(ds2, signer, config());

        List<String> loopOut = new CopyOnWriteArrayList<>();
        CountDownLatch loopRunning = new CountDownLatch(20);
        Process loop = child("loop", loopOut, loopRunning, "ok ");
        assertThat(loopRunning.await(60, TimeUnit.SECONDS)).as("child writer started").isTrue();

        List<String> holdOut = new CopyOnWriteArrayList<>();
        CountDownLatch holding = new CountDownLatch(1);
        Process hold = child("hold", holdOut, holding, "HOLDING");
        assertThat(holding.await(60, TimeUnit.SECONDS)).as("child holds the head lock").isTrue();

        AtomicLong recorded = new AtomicLong();
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            AuditRecorder r = t % 2 == 0 ? a : b;
            String actor = "thread" + t;
            Thread th = new Thread(() -> {
                for (int i = 0; i < 60; i++) {
                    try {
                        r.record(Events.read(actor, i));
                        recorded.incrementAndGet();
                    } catch (Throwable e) {
                        errors.add(e);
                    }
                }
            });
            th.start();
            threads.add(th);
        }
        Thread.sleep(300);
        // Everyone is queued behind the child's open transaction; killing it must free the lock and lose nothing.
        hold.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        loop.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        for (Thread th : threads) {
            th.join(120_000);
        }
        assertThat(errors).isEmpty();
        assertThat(recorded.get()).isEqualTo(360);

        VerificationReport report = a.verify();
        assertThat(report.intact()).as(report.verdict()).isTrue();
        long total = count("SELECT COUNT(*) FROM " + schema + ".custos_audit_event");
        assertThat(count("SELECT MAX(seq) + 1 FROM " + schema + ".custos_audit_event")).isEqualTo(total);
        assertThat(count("SELECT tree_size FROM " + schema + ".custos_audit_head")).isEqualTo(total);
        assertThat(count("SELECT COUNT(*) FROM " + schema + ".custos_audit_event WHERE actor LIKE 'thread%'")).isEqualTo(360);
        assertThat(count("SELECT COUNT(*) FROM " + schema + ".custos_audit_event WHERE actor = 'child-hold'")).isZero();
        long childReported = loopOut.stream().filter(l -> l.startsWith("ok ")).mapToLong(l -> Long.parseLong(l.substring(3)))
                .max().orElse(0);
        long childStored = count("SELECT COUNT(*) FROM " + schema + ".custos_audit_event WHERE actor = 'child-loop'");
        assertThat(childStored).isGreaterThanOrEqualTo(childReported).isLessThanOrEqualTo(childReported + 5);
        assertThat(childStored % 5).as("a batch is all or nothing").isZero();
        a.close();
        b.close();
    }

    @Test
    void sameTransaction_commitAndRollback_onPostgres() throws Exception {
        try (AuditRecorder r = AuditRecorder.start(ds, signer, config())) {
            exec("CREATE TABLE " + schema + ".business (id INT PRIMARY KEY)");
            for (boolean commit : new boolean[] {true, false}) {
                try (Connection c = ds.getConnection()) {
                    c.setAutoCommit(false);
                    try (Statement s = c.createStatement()) {
                        s.execute("INSERT INTO " + schema + ".business VALUES (" + (commit ? 1 : 2) + ")");
                    }
                    r.record(c, Events.read(commit ? "committer" : "rollbacker", 1));
                    if (commit) {
                        c.commit();
                    } else {
                        c.rollback();
                    }
                }
            }
            r.record(Events.read("after", 1));
            assertThat(count("SELECT COUNT(*) FROM " + schema + ".business")).isEqualTo(1);
            assertThat(count("SELECT COUNT(*) FROM " + schema + ".custos_audit_event WHERE actor = 'committer'")).isEqualTo(1);
            assertThat(count("SELECT COUNT(*) FROM " + schema + ".custos_audit_event WHERE actor = 'rollbacker'")).isZero();
            VerificationReport rep = r.verify();
            assertThat(rep.intact()).as(rep.verdict()).isTrue();
            assertThat(rep.eventsChecked()).isEqualTo(2);
        }
    }

    @Test
    void exportPack_onPostgres_verifiesOffline() throws Exception {
        try (AuditRecorder r = AuditRecorder.start(ds, signer, config())) {
            Instant start = Instant.now();
            for (int i = 0; i < 120; i++) {
                r.record(Events.read("exporter", i));
            }
            Path pack = tmp.resolve("pack");
            r.exportPack(start.minusSeconds(1), Instant.now().plusSeconds(1), pack);
            VerificationReport rep = PackVerifier.verify(pack, signer.signingPublicKey());
            assertThat(rep.intact()).as(rep.verdict()).isTrue();
            assertThat(rep.eventsChecked()).isEqualTo(120);
        }
    }

    @Test
    void retentionAndTamperDetection_onPostgres() throws Exception {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        AuditConfig cfg = config().withRetention(Duration.ofDays(10), tmp.resolve("archive"));
        try (AuditRecorder r = AuditRecorder.start(ds, signer, cfg)) {
            List<io.custos.spi.AuditEvent> batch = new ArrayList<>();
            for (int i = 0; i < 120; i++) {
                batch.add(Events.at(t0.plus(Duration.ofHours(6L * i)), "pg", i));
            }
            r.recordAll(batch);
            // now = day 30: the first 80 events (days 0 .. 19.75) are older than 10 days
            assertThat(r.applyRetention(t0.plus(Duration.ofDays(30)))).isEqualTo(80);
            VerificationReport ok = r.verify();
            assertThat(ok.intact()).as(ok.verdict()).isTrue();
            assertThat(PackVerifier.verify(tmp.resolve("archive").resolve("archive-0-80"), signer.signingPublicKey()).intact())
                    .isTrue();
            exec("UPDATE " + schema + ".custos_audit_event SET body = replace(body, '\"actor\":\"pg\"', '\"actor\":\"xx\"')"
                    + " WHERE seq = 95");
            VerificationReport modified = r.verify();
            assertThat(modified.intact()).isFalse();
            assertThat(modified.firstBadPosition()).isEqualTo(95);
            exec("DELETE FROM " + schema + ".custos_audit_event WHERE seq = 90");
            assertThat(r.verify().firstBadPosition()).isEqualTo(90);
        }
    }

    @Test
    void record_serverKillsTheConnection_throws5001ThenRecoversWithoutLoss() throws Exception {
        PGSimpleDataSource app = Databases.postgres();
        String name = "custos-audit-" + schema;
        app.setApplicationName(name);
        try (AuditRecorder r = AuditRecorder.start(app, signer, config())) {
            r.record(Events.read("before", 0));
            exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '" + name + "'");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> r.record(Events.read("lost", 1)))
                    .isInstanceOf(io.custos.api.error.AuditUnavailableException.class)
                    .hasMessageStartingWith("CUSTOS-5001");
            r.record(Events.read("after", 2));
            assertThat(count("SELECT COUNT(*) FROM " + schema + ".custos_audit_event WHERE actor = 'lost'")).isZero();
            VerificationReport rep = r.verify();
            assertThat(rep.intact()).as(rep.verdict()).isTrue();
            assertThat(rep.eventsChecked()).isEqualTo(2);
        }
    }

    private void exec(String sql) throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private long count(String query) throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
