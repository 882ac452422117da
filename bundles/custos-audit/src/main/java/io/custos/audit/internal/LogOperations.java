package io.custos.audit.internal;

import io.custos.api.error.AuditUnavailableException;
import io.custos.api.error.CryptoException;
import io.custos.api.error.ErrorCode;
import io.custos.audit.AuditConfig;
import io.custos.audit.verify.Checkpoint;
import io.custos.audit.verify.CompactRange;
import io.custos.audit.verify.EvidencePack;
import io.custos.audit.verify.LogVerifier;
import io.custos.audit.verify.MerkleProofs;
import io.custos.audit.verify.PublicKeys;
import io.custos.audit.verify.VerificationReport;
import io.custos.spi.RootKeyProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;

/** Reading side of the recorder: verification, proofs, evidence packs and retention. */
public final class LogOperations {

    /** Signs (or finds) a checkpoint covering everything committed. */
    @FunctionalInterface
    public interface Checkpointer {
        Checkpoint checkpoint() throws AuditUnavailableException;
    }

    private final DataSource dataSource;
    private final JdbcAuditStore store;
    private final RootKeyProvider signer;
    private final AuditConfig config;
    private final Checkpointer checkpointer;

    public LogOperations(DataSource dataSource, JdbcAuditStore store, RootKeyProvider signer, AuditConfig config,
                         Checkpointer checkpointer) {
        this.dataSource = dataSource;
        this.store = store;
        this.signer = signer;
        this.config = config;
        this.checkpointer = checkpointer;
    }

    public VerificationReport verify(PublicKey key, String algorithm) throws AuditUnavailableException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                // Checkpoints first: any checkpoint read now is covered by the head read after it.
                List<Checkpoint> checkpoints = store.checkpoints(c);
                JdbcAuditStore.Head h = store.head(c, false);
                long base = h.archivedSize();
                LogVerifier v = new LogVerifier(config.logName(), key, algorithm, h.archived(),
                        base == 0 ? null : h.archivedLastLeaf(), checkpoints);
                v.fact("log: " + config.logName() + ", live events seq " + base + " .. " + (h.size() - 1)
                        + (base > 0 ? " (events before " + base + " archived; their checkpoints kept)" : ""));
                v.fact("signing key: fingerprint " + PublicKeys.fingerprint(key));
                store.events(c, base, h.size(), row -> v.accept(row.body().getBytes(StandardCharsets.UTF_8), row.leafHash()));
                if (v.size() == h.size() && !Arrays.equals(v.root(), h.frontier().root())) {
                    v.fail(-1, "the head row does not match the events (altered head row)");
                }
                return v.finish(h.size());
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            if (JdbcAuditStore.DAMAGED.equals(e.getSQLState())) {
                return new VerificationReport(false, -1, "the head row was altered: its sizes and hashes disagree", 0, 0,
                        0, List.of("log: " + config.logName()));
            }
            throw unavailable("verifying the log", e);
        }
    }

    public EvidencePack.Manifest exportTimeRange(Instant from, Instant to, Path dir) throws AuditUnavailableException {
        long covered = checkpointer.checkpoint().size();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                JdbcAuditStore.Head h = store.head(c, false);
                long base = h.archivedSize();
                long a = Math.min(store.firstSeqAtOrAfter(c, from, base, covered), covered);
                long b = Math.max(a, Math.min(store.endSeqBefore(c, to, base, base), covered));
                return writePack(c, h, a, b, from, to, dir);
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw unavailable("exporting an evidence pack", e);
        }
    }

    public List<byte[]> inclusionProof(long seq, long treeSize) throws AuditUnavailableException {
        return proof("inclusion of seq " + seq + " in size " + treeSize, treeSize,
                p -> p.inclusionProof(seq, treeSize));
    }

    public List<byte[]> consistencyProof(long first, long second) throws AuditUnavailableException {
        return proof("consistency " + first + " -> " + second, second, p -> p.consistencyProof(first, second));
    }

    /** Archives events with time before {@code cutoff}; returns how many left the live log. */
    public long archiveBefore(Instant cutoff) throws AuditUnavailableException {
        long covered = checkpointer.checkpoint().size();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                JdbcAuditStore.Head h = store.head(c, false);
                long base = h.archivedSize();
                long cut = Math.min(store.firstSeqAtOrAfter(c, cutoff, base, h.size()), covered);
                if (cut <= base) {
                    return 0;
                }
                if (config.archiveDir() != null) {
                    writePack(c, h, base, cut, Instant.EPOCH, cutoff,
                            config.archiveDir().resolve("archive-" + base + "-" + cut));
                }
                JdbcAuditStore.Head locked = store.head(c, true);
                if (locked.archivedSize() != base) {
                    return 0;
                }
                List<byte[]> leaves = store.leafHashes(c, base, cut);
                CompactRange archived = locked.archived().copy();
                leaves.forEach(archived::appendLeafHash);
                long removed = store.archive(c, cut, archived, leaves.get(leaves.size() - 1));
                c.commit();
                return removed;
            } catch (SQLException | RuntimeException | AuditUnavailableException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw unavailable("archiving old events", e);
        }
    }

    private EvidencePack.Manifest writePack(Connection c, JdbcAuditStore.Head h, long a, long b, Instant from,
                                            Instant to, Path dir) throws SQLException, AuditUnavailableException {
        long base = h.archivedSize();
        List<Checkpoint> all = store.checkpoints(c);
        Checkpoint covering = all.stream().filter(cp -> cp.size() >= b).findFirst()
                .orElseThrow(() -> new SQLException("no checkpoint covers seq " + b));
        long n = covering.size();
        List<byte[]> leaves = store.leafHashes(c, base, n);
        MerkleProofs proofs = new MerkleProofs(i -> leaves.get((int) (i - base)), h.archived());
        CompactRange left = h.archived().copy();
        for (long i = base; i < a; i++) {
            left.appendLeafHash(leaves.get((int) (i - base)));
        }
        List<Integer> levels = new ArrayList<>();
        List<byte[]> nodes = new ArrayList<>();
        proofs.rightRange(b, n, levels, nodes);
        List<Checkpoint> selected = new ArrayList<>();
        all.stream().filter(cp -> cp.size() <= a).reduce((x, y) -> y).ifPresent(selected::add);
        all.stream().filter(cp -> cp.size() > a && cp.size() <= n).forEach(selected::add);
        List<EvidencePack.Consistency> consistency = new ArrayList<>();
        for (int i = 1; i < selected.size(); i++) {
            long x = selected.get(i - 1).size();
            long y = selected.get(i).size();
            if (x == 0) {
                continue;
            }
            try {
                consistency.add(new EvidencePack.Consistency(x, y, proofs.consistencyProof(x, y)));
            } catch (IllegalStateException archivedAway) {
                // The anchor lies in the archive and its proof needs archived hashes: leave the anchor out.
                selected.remove(0);
                i--;
            }
        }
        try (EvidencePack.Writer w = new EvidencePack.Writer(dir)) {
            store.events(c, a, b, row -> {
                try {
                    w.event(row.body());
                    return true;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            if (w.count() != b - a) {
                throw new SQLException("audit events " + a + ".." + (b - 1) + " are incomplete");
            }
            PublicKey key = signer.signingPublicKey();
            EvidencePack.Manifest manifest = new EvidencePack.Manifest(config.logName(), from, to, a, b, n,
                    signer.signatureAlgorithm(), PublicKeys.fingerprint(key), Instant.now());
            w.finish(manifest, selected, new EvidencePack.Proofs(left, levels, nodes, consistency), key, signer::sign);
            return manifest;
        } catch (IOException | UncheckedIOException e) {
            throw new AuditUnavailableException(ErrorCode.AUDIT_EXPORT_FAILED, e, dir, "I/O error");
        } catch (CryptoException e) {
            throw new AuditUnavailableException(ErrorCode.AUDIT_EXPORT_FAILED, e, dir, "signing failed (" + e.code().id() + ")");
        } catch (GeneralSecurityException e) {
            throw new AuditUnavailableException(ErrorCode.AUDIT_EXPORT_FAILED, dir, "signing failed");
        }
    }

    @FunctionalInterface
    private interface ProofFn {
        List<byte[]> apply(MerkleProofs proofs);
    }

    private List<byte[]> proof(String what, long treeSize, ProofFn fn) throws AuditUnavailableException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                JdbcAuditStore.Head h = store.head(c, false);
                if (treeSize > h.size()) {
                    throw new AuditUnavailableException(ErrorCode.AUDIT_PROOF_UNAVAILABLE, what,
                            "the log has only " + h.size() + " events");
                }
                long base = h.archivedSize();
                List<byte[]> leaves = treeSize > base ? store.leafHashes(c, base, treeSize) : List.of();
                return fn.apply(new MerkleProofs(i -> leaves.get((int) (i - base)), h.archived()));
            } catch (IllegalStateException | IllegalArgumentException e) {
                throw new AuditUnavailableException(ErrorCode.AUDIT_PROOF_UNAVAILABLE, what, e.getMessage());
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw unavailable("building a proof", e);
        }
    }

    private static AuditUnavailableException unavailable(String what, SQLException e) {
        return new AuditUnavailableException(ErrorCode.AUDIT_UNAVAILABLE, e,
                what + " failed (SQLState " + e.getSQLState() + ")");
    }
}
