package io.custos.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.custos.api.error.AuditUnavailableException;
import io.custos.audit.testing.Databases;
import io.custos.audit.testing.Events;
import io.custos.audit.testing.TestSigner;
import io.custos.audit.verify.Checkpoint;
import io.custos.audit.verify.MerkleProofs;
import io.custos.audit.verify.TreeHash;
import io.custos.audit.verify.VerificationReport;
import io.custos.spi.AuditEvent;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The recorder on H2 (and, through {@link PostgresTamperTest}, on PostgreSQL): integrity, tamper detection
 * in the tables, proofs, same transaction, checkpoints.
 */
class AuditRecorderTest {
    protected DataSource ds;
    private TestSigner signer;
    private AuditRecorder recorder;

    @BeforeEach
    void start() throws Exception {
        ds = newDataSource();
        signer = new TestSigner();
        recorder = AuditRecorder.start(ds, signer, AuditConfig.defaults().withCheckpoints(10, Duration.ZERO));
    }

    @AfterEach
    void stop() throws Exception {
        if (recorder != null) {
            recorder.close();
        }
        dropDataSource();
    }

    /** A fresh, empty database whose audit tables are reachable by their bare names. */
    protected DataSource newDataSource() throws Exception {
        return Databases.h2();
    }

    protected void dropDataSource() throws Exception {
    }

    private void append(int n) throws AuditUnavailableException {
        for (int i = 0; i < n; i++) {
            recorder.record(Events.read("alice", i));
        }
    }

    private void sql(String statement) throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    private String body(long seq) throws Exception {
        try (Connection c = ds.getConnection();
             PreparedStatement p = c.prepareStatement("SELECT body FROM custos_audit_event WHERE seq = ?")) {
            p.setLong(1, seq);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private void setBody(long seq, String body, boolean alsoLeaf) throws Exception {
        try (Connection c = ds.getConnection();
             PreparedStatement p = c.prepareStatement(alsoLeaf
                     ? "UPDATE custos_audit_event SET body = ?, leaf_hash = ? WHERE seq = ?"
                     : "UPDATE custos_audit_event SET body = ? WHERE seq = ?")) {
            p.setString(1, body);
            if (alsoLeaf) {
                p.setBytes(2, TreeHash.leaf(body.getBytes(StandardCharsets.UTF_8)));
                p.setLong(3, seq);
            } else {
                p.setLong(2, seq);
            }
            p.executeUpdate();
        }
    }

    @Test
    void verify_untouchedLog_isIntactWithCheckpointsEveryN() throws Exception {
        append(35);
        VerificationReport r = recorder.verify();
        assertThat(r.intact()).as(r.verdict()).isTrue();
        assertThat(r.eventsChecked()).isEqualTo(35);
        assertThat(r.checkpointsVerified()).isEqualTo(3);
        assertThat(recorder.latestCheckpoint()).get().extracting(Checkpoint::size).isEqualTo(30L);
    }

    @Test
    void verify_modifiedEvent_namesItsPosition() throws Exception {
        append(25);
        setBody(7, body(7).replace("\"actor\":\"alice\"", "\"actor\":\"mallory\""), false);
        VerificationReport r = recorder.verify();
        assertThat(r.intact()).isFalse();
        assertThat(r.firstBadPosition()).isEqualTo(7);
        assertThat(r.problem()).contains("modified");
    }

    @Test
    void verify_modifiedEventWithRecomputedLeafHash_isCaughtByTheChain() throws Exception {
        append(25);
        setBody(7, body(7).replace("\"actor\":\"alice\"", "\"actor\":\"mallory\""), true);
        VerificationReport r = recorder.verify();
        assertThat(r.intact()).isFalse();
        assertThat(r.firstBadPosition()).isEqualTo(7);
        assertThat(r.problem()).contains("hash chain");
    }

    @Test
    void verify_deletedEvent_namesTheGap() throws Exception {
        append(25);
        sql("DELETE FROM custos_audit_event WHERE seq = 12");
        VerificationReport r = recorder.verify();
        assertThat(r.intact()).isFalse();
        assertThat(r.firstBadPosition()).isEqualTo(12);
        assertThat(r.problem()).contains("expected seq 12 but found seq 13");
    }

    @Test
    void verify_reorderedEvents_namesTheFirstSwappedPosition() throws Exception {
        append(25);
        String a = body(4);
        String b = body(5);
        sql("DELETE FROM custos_audit_event WHERE seq IN (4, 5)");
        try (Connection c = ds.getConnection();
             PreparedStatement p = c.prepareStatement("INSERT INTO custos_audit_event SELECT 4, event_time, actor, category,"
                     + " action, outcome, leaf_hash, ? FROM custos_audit_event WHERE seq = 3")) {
            p.setString(1, b);
            p.executeUpdate();
        }
        try (Connection c = ds.getConnection();
             PreparedStatement p = c.prepareStatement("INSERT INTO custos_audit_event SELECT 5, event_time, actor, category,"
                     + " action, outcome, leaf_hash, ? FROM custos_audit_event WHERE seq = 3")) {
            p.setString(1, a);
            p.executeUpdate();
        }
        VerificationReport r = recorder.verify();
        assertThat(r.intact()).isFalse();
        assertThat(r.firstBadPosition()).isEqualTo(4);
    }

    @Test
    void verify_insertedEvent_isDetected() throws Exception {
        append(25);
        // A forged event squeezed in as seq 9: the later events are renumbered by the forger.
        sql("UPDATE custos_audit_event SET seq = seq + 1000 WHERE seq >= 9");
        sql("UPDATE custos_audit_event SET seq = seq - 999 WHERE seq >= 1000");
        try (Connection c = ds.getConnection();
             PreparedStatement p = c.prepareStatement("INSERT INTO custos_audit_event SELECT 9, event_time, actor, category,"
                     + " action, outcome, leaf_hash, body FROM custos_audit_event WHERE seq = 8")) {
            p.executeUpdate();
        }
        VerificationReport r = recorder.verify();
        assertThat(r.intact()).isFalse();
        assertThat(r.firstBadPosition()).isEqualTo(9);
    }

    @Test
    void verify_truncatedTail_isReportedAgainstTheLastCheckpoint() throws Exception {
        append(30);
        // The forger also rewinds the head row so only the signed checkpoint of size 30 betrays the cut.
        sql("DELETE FROM custos_audit_event WHERE seq >= 25");
        io.custos.audit.verify.CompactRange frontier = io.custos.audit.verify.CompactRange.empty();
        byte[] last = null;
        for (long seq = 0; seq < 25; seq++) {
            last = TreeHash.leaf(body(seq).getBytes(StandardCharsets.UTF_8));
            frontier.appendLeafHash(last);
        }
        try (Connection c = ds.getConnection();
             PreparedStatement p = c.prepareStatement("UPDATE custos_audit_head SET tree_size = 25, frontier = ?, last_leaf = ?")) {
            p.setBytes(1, frontier.encode());
            p.setBytes(2, last);
            p.executeUpdate();
        }
        VerificationReport r = recorder.verify();
        assertThat(r.intact()).isFalse();
        assertThat(r.firstBadPosition()).isEqualTo(25);
        assertThat(r.problem()).contains("truncated");
    }

    @Test
    void verify_headRowDamaged_isReportedNotThrown() throws Exception {
        append(5);
        sql("UPDATE custos_audit_head SET tree_size = 4");
        VerificationReport r = recorder.verify();
        assertThat(r.intact()).isFalse();
        assertThat(r.problem()).contains("head row");
        assertThatThrownBy(() -> recorder.record(Events.read("alice", 9))).isInstanceOf(AuditUnavailableException.class)
                .hasMessageStartingWith("CUSTOS-5001");
    }

    @Test
    void verify_forgedCheckpointSignature_isRejected() throws Exception {
        append(20);
        try (Connection c = ds.getConnection();
             PreparedStatement p = c.prepareStatement("UPDATE custos_audit_checkpoint SET root_hash = ? WHERE tree_size = 10")) {
            p.setBytes(1, new byte[32]);
            p.executeUpdate();
        }
        VerificationReport r = recorder.verify();
        assertThat(r.intact()).isFalse();
        assertThat(r.problem()).contains("checkpoint of size 10").contains("signature does not verify");
    }

    @Test
    void proofs_fromTheLog_verifyAgainstSignedCheckpoints() throws Exception {
        append(23);
        Checkpoint c20 = recorder.checkpoint();
        append(9);
        Checkpoint c32 = recorder.checkpoint();
        assertThat(c20.size()).isEqualTo(23);
        for (long seq : new long[] {0, 5, 22}) {
            byte[] leaf = TreeHash.leaf(body(seq).getBytes(StandardCharsets.UTF_8));
            assertThat(MerkleProofs.verifyInclusion(seq, 32, leaf, recorder.inclusionProof(seq, 32), c32.root())).isTrue();
            assertThat(MerkleProofs.verifyInclusion(seq, 23, leaf, recorder.inclusionProof(seq, 23), c20.root())).isTrue();
        }
        assertThat(MerkleProofs.verifyConsistency(23, 32, c20.root(), c32.root(), recorder.consistencyProof(23, 32))).isTrue();
        assertThatThrownBy(() -> recorder.inclusionProof(3, 500)).isInstanceOf(AuditUnavailableException.class)
                .hasMessageStartingWith("CUSTOS-5005");
    }

    @Test
    void sameTransaction_commit_keepsEventAndBusinessRow() throws Exception {
        sql("CREATE TABLE business (id INT PRIMARY KEY)");
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO business VALUES (1)");
            }
            recorder.record(c, Events.read("bob", 1));
            c.commit();
        }
        assertThat(count("SELECT COUNT(*) FROM business")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM custos_audit_event WHERE actor = 'bob'")).isEqualTo(1);
        assertThat(recorder.verify().intact()).isTrue();
    }

    @Test
    void sameTransaction_rollback_leavesNeitherEventNorRow() throws Exception {
        sql("CREATE TABLE business (id INT PRIMARY KEY)");
        append(3);
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO business VALUES (1)");
            }
            recorder.record(c, Events.read("bob", 1));
            c.rollback();
        }
        append(2);
        assertThat(count("SELECT COUNT(*) FROM business")).isZero();
        assertThat(count("SELECT COUNT(*) FROM custos_audit_event WHERE actor = 'bob'")).isZero();
        VerificationReport r = recorder.verify();
        assertThat(r.intact()).as(r.verdict()).isTrue();
        assertThat(r.eventsChecked()).isEqualTo(5);
    }

    @Test
    void record_manyThreads_oneTotalOrderNothingLost() throws Exception {
        List<Thread> threads = new ArrayList<>();
        List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int t = 0; t < 8; t++) {
            String actor = "user" + t;
            Thread th = new Thread(() -> {
                for (int i = 0; i < 50; i++) {
                    try {
                        recorder.record(Events.read(actor, i));
                    } catch (Throwable e) {
                        errors.add(e);
                    }
                }
            });
            th.start();
            threads.add(th);
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(errors).isEmpty();
        assertThat(count("SELECT COUNT(*) FROM custos_audit_event")).isEqualTo(400);
        assertThat(count("SELECT MAX(seq) FROM custos_audit_event")).isEqualTo(399);
        VerificationReport r = recorder.verify();
        assertThat(r.intact()).as(r.verdict()).isTrue();
    }

    @Test
    void timedCheckpoint_signsNewEventsWithoutReachingN() throws Exception {
        recorder.close();
        recorder = AuditRecorder.start(ds, signer, AuditConfig.defaults().withCheckpoints(1000, Duration.ofMillis(200)));
        append(3);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (recorder.latestCheckpoint().map(Checkpoint::size).orElse(0L) < 3 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(recorder.latestCheckpoint()).get().extracting(Checkpoint::size).isEqualTo(3L);
    }

    @Test
    void record_badDetailKey_isRejectedBeforeWriting() throws Exception {
        AuditEvent bad = Events.read("alice", 1).withDetails(java.util.Map.of("bad key", "x"));
        assertThatThrownBy(() -> recorder.record(bad)).isInstanceOf(IllegalArgumentException.class);
        assertThat(count("SELECT COUNT(*) FROM custos_audit_event")).isZero();
    }

    private long count(String query) throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
