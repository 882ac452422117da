package io.custos.audit;

import io.custos.api.error.AuditUnavailableException;
import io.custos.api.error.CryptoException;
import io.custos.api.error.ErrorCode;
import io.custos.audit.internal.JdbcAuditStore;
import io.custos.audit.internal.LogOperations;
import io.custos.audit.internal.LogWriter;
import io.custos.audit.verify.CanonicalEvent;
import io.custos.audit.verify.Checkpoint;
import io.custos.audit.verify.EvidencePack;
import io.custos.audit.verify.PublicKeys;
import io.custos.audit.verify.VerificationReport;
import io.custos.spi.AuditEvent;
import io.custos.spi.AuditSink;
import io.custos.spi.RootKeyProvider;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The tamper-evident audit recorder: appends events to the product's own tables through JDBC, chains
 * them by hash, keeps an RFC 9162 Merkle tree over them and signs checkpoints (size, root, time) every N
 * events or T seconds with the root-key provider's signing key. Several threads and several JVMs may
 * append to one database; the head-row lock gives one total order.
 *
 * <p>{@link #record(AuditEvent)} returns only once the event is committed; concurrent callers in one JVM
 * share a transaction (group commit). {@link #record(Connection, AuditEvent)} appends in the caller's
 * transaction instead, so the event commits or rolls back with the business change.
 *
 * <h2>Security guarantees</h2>
 * <ul>
 *   <li>Nothing is dropped silently: if the store fails, {@code record} throws
 *       {@link AuditUnavailableException} (CUSTOS-5001) and the event is not in the log.</li>
 *   <li>Events hold ids, names and keyed digests only (see {@link FieldDigester}); messages and logs of
 *       this class carry sizes, positions and SQL states, never event contents.</li>
 *   <li>Verification needs only the public key: {@link #verify()} here, {@code PackVerifier} offline.</li>
 * </ul>
 */
public final class AuditRecorder implements AuditSink, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(AuditRecorder.class.getName());

    private final DataSource dataSource;
    private final RootKeyProvider signer;
    private final AuditConfig config;
    private final JdbcAuditStore store;
    private final LogWriter writer;
    private final LogOperations operations;
    private final List<Consumer<AuditEvent>> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timer;

    private AuditRecorder(DataSource dataSource, RootKeyProvider signer, AuditConfig config) throws CryptoException {
        this.dataSource = dataSource;
        this.signer = signer;
        this.config = config;
        this.store = new JdbcAuditStore(config);
        this.writer = new LogWriter(dataSource, store, signer, config, PublicKeys.fingerprint(signer.signingPublicKey()));
        this.operations = new LogOperations(dataSource, store, signer, config, this::checkpoint);
        if (config.checkpointInterval().isZero()) {
            this.timer = null;
        } else {
            this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread th = new Thread(r, "custos-audit-checkpoint");
                th.setDaemon(true);
                return th;
            });
        }
    }

    /**
     * Creates the tables if needed (DDL for H2 and PostgreSQL) and starts the checkpoint timer.
     *
     * @throws AuditUnavailableException if the database cannot be reached or holds another log's tables
     * @throws CryptoException           if the signing key is unavailable
     */
    public static AuditRecorder start(DataSource dataSource, RootKeyProvider signer, AuditConfig config)
            throws CryptoException {
        AuditRecorder r = new AuditRecorder(Objects.requireNonNull(dataSource), Objects.requireNonNull(signer),
                Objects.requireNonNull(config));
        try (Connection c = dataSource.getConnection()) {
            r.store.createSchema(c);
        } catch (SQLException e) {
            r.close();
            throw unavailable("creating the audit tables", e);
        }
        if (r.timer != null) {
            long ms = config.checkpointInterval().toMillis();
            r.timer.scheduleWithFixedDelay(r::timedCheckpoint, ms, ms, TimeUnit.MILLISECONDS);
        }
        return r;
    }

    /** Called with every event once it is recorded (e.g. the alert engine); must be fast and not throw. */
    public void addListener(Consumer<AuditEvent> listener) {
        listeners.add(Objects.requireNonNull(listener));
    }

    /**
     * Records one event durably in its own transaction, shared with concurrent callers.
     *
     * @throws AuditUnavailableException (CUSTOS-5001) if it could not be committed; it is then not in the log
     * @throws IllegalArgumentException  if a detail key is malformed
     */
    @Override
    public void record(AuditEvent event) throws AuditUnavailableException {
        CanonicalEvent.validate(event);
        try {
            writer.append(event);
        } catch (SQLException e) {
            throw unavailable("appending an event", e);
        }
        afterCommit(List.of(event));
    }

    /**
     * Records several events in one transaction, in order.
     *
     * @throws AuditUnavailableException (CUSTOS-5001) if they could not be committed; none is then in the log
     */
    public void recordAll(List<AuditEvent> events) throws AuditUnavailableException {
        events.forEach(CanonicalEvent::validate);
        try {
            writer.appendAll(events);
        } catch (SQLException e) {
            throw unavailable("appending events", e);
        }
        afterCommit(events);
    }

    /**
     * Appends an event in the caller's transaction: it commits or rolls back with the business change.
     * The head-row lock is held until the caller ends the transaction, so keep it short.
     *
     * Listeners (alerts) see the event at once, before the caller's commit.
     *
     * @param transaction a connection of the recorder's database with auto-commit off
     * @throws AuditUnavailableException (CUSTOS-5001) if the append failed; the caller must roll back
     */
    public void record(Connection transaction, AuditEvent event) throws AuditUnavailableException {
        CanonicalEvent.validate(event);
        try {
            if (transaction.getAutoCommit()) {
                throw new IllegalArgumentException(ErrorCode.AUDIT_UNAVAILABLE.format(
                        "same-transaction recording needs a connection with auto-commit off"));
            }
            store.append(transaction, List.of(event));
        } catch (SQLException e) {
            throw unavailable("appending an event in the caller's transaction", e);
        }
        listeners.forEach(l -> notify(l, event));
    }

    /**
     * Signs a checkpoint of everything committed so far, or returns the existing one of that size.
     *
     * @throws AuditUnavailableException CUSTOS-5001 if the store fails, CUSTOS-5003 if signing fails
     */
    public Checkpoint checkpoint() throws AuditUnavailableException {
        try {
            return writer.checkpoint();
        } catch (SQLException e) {
            throw unavailable("signing a checkpoint", e);
        }
    }

    /**
     * Verifies the live log: every event (canonical form, sequence, chain, stored leaf hash) and every
     * checkpoint (signature, root), and records the outcome as an {@code AUDIT/verify} event.
     *
     * @throws AuditUnavailableException if the store cannot be read
     */
    public VerificationReport verify() throws AuditUnavailableException {
        VerificationReport report = operations.verify(PublicKeysOf.key(signer), signer.signatureAlgorithm());
        AuditEvent outcome = AuditEvent.now("system", AuditEvent.Category.AUDIT, "verify",
                report.intact() ? AuditEvent.Outcome.SUCCESS : AuditEvent.Outcome.FAILED)
                .withTarget(null, config.logName(), null)
                .withDetails(Map.of("events", Long.toString(report.eventsChecked()),
                        "firstBadPosition", Long.toString(report.firstBadPosition())));
        if (!report.intact()) {
            LOG.severe(ErrorCode.AUDIT_INTEGRITY.format(config.logName(),
                    report.firstBadPosition() >= 0 ? "seq " + report.firstBadPosition() : "a checkpoint", report.problem()));
        }
        try {
            record(outcome);
        } catch (AuditUnavailableException e) {
            // The report still goes back to the caller and to the alert rules.
            listeners.forEach(l -> notify(l, outcome));
        }
        return report;
    }

    /**
     * Exports the events whose time lies in {@code [from, to)} as an evidence pack in {@code dir}.
     *
     * @throws AuditUnavailableException CUSTOS-5002 if the pack cannot be written, 5001 if the store fails
     */
    public EvidencePack.Manifest exportPack(Instant from, Instant to, Path dir) throws AuditUnavailableException {
        return operations.exportTimeRange(from, to, dir);
    }

    /**
     * RFC 9162 inclusion proof of event {@code seq} in the tree of {@code treeSize} events.
     *
     * @throws AuditUnavailableException CUSTOS-5005 if archived hashes would be needed, 5001 if the store fails
     */
    public List<byte[]> inclusionProof(long seq, long treeSize) throws AuditUnavailableException {
        return operations.inclusionProof(seq, treeSize);
    }

    /**
     * RFC 9162 consistency proof between two tree sizes.
     *
     * @throws AuditUnavailableException CUSTOS-5005 if archived hashes would be needed, 5001 if the store fails
     */
    public List<byte[]> consistencyProof(long first, long second) throws AuditUnavailableException {
        return operations.consistencyProof(first, second);
    }

    /**
     * Archives events older than the retention period: exports them as a pack to the archive directory
     * (when configured), keeps their compact range and every checkpoint, then deletes them.
     *
     * @return the number of events removed from the live log
     * @throws AuditUnavailableException if the export or the store fails (then nothing is deleted)
     */
    public long applyRetention(Instant now) throws AuditUnavailableException {
        if (config.retention() == null) {
            return 0;
        }
        long removed = operations.archiveBefore(now.minus(config.retention()));
        if (removed > 0) {
            record(AuditEvent.now("system", AuditEvent.Category.AUDIT, "retention-archive", AuditEvent.Outcome.SUCCESS)
                    .withTarget(null, config.logName(), null)
                    .withDetails(Map.of("events", Long.toString(removed))));
        }
        return removed;
    }

    /** The latest signed checkpoint, if any. */
    public Optional<Checkpoint> latestCheckpoint() throws AuditUnavailableException {
        try (Connection c = dataSource.getConnection()) {
            return store.latestCheckpoint(c);
        } catch (SQLException e) {
            throw unavailable("reading checkpoints", e);
        }
    }

    public AuditConfig config() {
        return config;
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
        writer.close();
    }

    private void afterCommit(List<AuditEvent> events) {
        for (AuditEvent e : events) {
            listeners.forEach(l -> notify(l, e));
        }
    }

    private void timedCheckpoint() {
        try {
            checkpoint();
        } catch (AuditUnavailableException e) {
            LOG.warning(e.getMessage());
        }
    }

    private static void notify(Consumer<AuditEvent> listener, AuditEvent event) {
        try {
            listener.accept(event);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "audit listener failed: " + e.getClass().getName());
        }
    }

    static AuditUnavailableException unavailable(String what, SQLException e) {
        return new AuditUnavailableException(ErrorCode.AUDIT_UNAVAILABLE, e,
                what + " failed (SQLState " + e.getSQLState() + ")");
    }

    /** Reads the signing key, turning provider failures into unavailability. */
    private static final class PublicKeysOf {
        static java.security.PublicKey key(RootKeyProvider p) throws AuditUnavailableException {
            try {
                return p.signingPublicKey();
            } catch (CryptoException e) {
                throw new AuditUnavailableException(ErrorCode.AUDIT_UNAVAILABLE, e, "signing key unavailable ("
                        + e.code().id() + ")");
            }
        }
    }
}
