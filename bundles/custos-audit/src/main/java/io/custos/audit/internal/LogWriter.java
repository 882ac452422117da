package io.custos.audit.internal;

import io.custos.api.error.AuditUnavailableException;
import io.custos.api.error.CryptoException;
import io.custos.api.error.ErrorCode;
import io.custos.audit.AuditConfig;
import io.custos.audit.verify.Checkpoint;
import io.custos.spi.AuditEvent;
import io.custos.spi.RootKeyProvider;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The writing side of the recorder: group commit of concurrent appends on one connection kept open, and
 * checkpoints — count-based ones signed inside the append transaction, explicit and timed ones in their own.
 * Every write happens under {@link #writer}; the head-row lock orders writers of other JVMs.
 */
public final class LogWriter implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LogWriter.class.getName());
    private static final long IDLE_CHECK_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final DataSource dataSource;
    private final JdbcAuditStore store;
    private final RootKeyProvider signer;
    private final AuditConfig config;
    private final String fingerprint;
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock writer = new ReentrantLock();
    private final AtomicLong checkpointed = new AtomicLong();
    /** The connection appends use, guarded by {@link #writer}. */
    private Connection connection;
    private long lastWrite;
    /** Size of a checkpoint signed in the current append transaction, guarded by {@link #writer}. */
    private long pendingCheckpoint;

    public LogWriter(DataSource dataSource, JdbcAuditStore store, RootKeyProvider signer, AuditConfig config,
                     String fingerprint) {
        this.dataSource = dataSource;
        this.store = store;
        this.signer = signer;
        this.config = config;
        this.fingerprint = fingerprint;
    }

    /**
     * Appends one event, sharing the transaction with events other threads queued meanwhile; returns once
     * committed.
     *
     * @throws SQLException if the batch holding the event failed; none of its events is in the log
     */
    public void append(AuditEvent event) throws SQLException {
        Pending p = new Pending(event);
        queue.add(p);
        writer.lock();
        try {
            while (!p.done) {
                writeQueued();
            }
        } finally {
            writer.unlock();
        }
        if (p.failure != null) {
            throw p.failure;
        }
    }

    /** Appends events in one transaction. @throws SQLException if it failed; none is then in the log */
    public void appendAll(List<AuditEvent> events) throws SQLException {
        writer.lock();
        try {
            appendAndCommit(events);
        } finally {
            writer.unlock();
        }
    }

    /**
     * Signs a checkpoint of everything committed, or returns the existing one of that size.
     *
     * @throws AuditUnavailableException CUSTOS-5003 if signing fails
     * @throws SQLException              if the store fails
     */
    public Checkpoint checkpoint() throws AuditUnavailableException, SQLException {
        writer.lock();
        try {
            Connection c = connection();
            try {
                JdbcAuditStore.Head head = store.head(c, false);
                Optional<Checkpoint> existing = store.checkpoint(c, head.size());
                Checkpoint cp;
                if (existing.isPresent()) {
                    cp = existing.get();
                } else {
                    cp = sign(new Checkpoint(config.logName(), head.size(), head.frontier().root(), Instant.now(), null));
                    if (!store.insertCheckpoint(c, cp, fingerprint)) {
                        cp = store.checkpoint(c, head.size()).orElseThrow(() -> new SQLException("checkpoint vanished"));
                    }
                }
                c.commit();
                checkpointed.accumulateAndGet(cp.size(), Math::max);
                return cp;
            } catch (SQLException | RuntimeException | AuditUnavailableException e) {
                drop(c);
                throw e;
            }
        } finally {
            writer.unlock();
        }
    }

    private void writeQueued() {
        List<Pending> batch = new ArrayList<>();
        Pending next;
        while (batch.size() < config.maxBatch() && (next = queue.poll()) != null) {
            batch.add(next);
        }
        if (batch.isEmpty()) {
            return;
        }
        List<AuditEvent> events = new ArrayList<>(batch.size());
        batch.forEach(b -> events.add(b.event));
        SQLException failure = null;
        try {
            appendAndCommit(events);
        } catch (SQLException e) {
            failure = e;
        }
        for (Pending b : batch) {
            b.failure = failure;
            b.done = true;
        }
    }

    private void appendAndCommit(List<AuditEvent> events) throws SQLException {
        pendingCheckpoint = 0;
        Connection c = connection();
        try {
            JdbcAuditStore.Appended appended = store.append(c, events);
            if (appended.newSize() - checkpointed.get() >= config.checkpointEvery()) {
                checkpointInTransaction(c, appended);
            }
            c.commit();
            lastWrite = System.nanoTime();
            if (pendingCheckpoint > 0) {
                checkpointed.accumulateAndGet(pendingCheckpoint, Math::max);
            }
        } catch (SQLException | RuntimeException e) {
            drop(c);
            if (e instanceof SQLException se) {
                throw se;
            }
            throw new SQLException("audit append failed: " + e.getClass().getSimpleName(), e);
        }
    }

    /**
     * Signs a checkpoint of the batch's new size inside the append transaction: the head lock is held, so no
     * writer can race it, and no extra commit is paid. A signing failure lets the events commit without it;
     * the next batch or the timer tries again.
     */
    private void checkpointInTransaction(Connection c, JdbcAuditStore.Appended appended) throws SQLException {
        Checkpoint cp;
        try {
            cp = sign(new Checkpoint(config.logName(), appended.newSize(), appended.root(), Instant.now(), null));
        } catch (AuditUnavailableException e) {
            LOG.warning(e.getMessage());
            return;
        }
        store.insertCheckpoint(c, cp, fingerprint, false);
        pendingCheckpoint = cp.size();
    }

    private Checkpoint sign(Checkpoint cp) throws AuditUnavailableException {
        try {
            return cp.withSignature(signer.sign(cp.noteBytes()));
        } catch (CryptoException e) {
            throw new AuditUnavailableException(ErrorCode.AUDIT_CHECKPOINT_FAILED, e, config.logName(), cp.size(),
                    e.code().id());
        }
    }

    /**
     * The writer's own connection (auto-commit off), reopened when closed or found dead after idling. A
     * container pool may reset auto-commit on a connection held across requests: it is switched off again
     * before every use, or the head-row lock and the inserts would no longer share one transaction.
     */
    private Connection connection() throws SQLException {
        Connection c = connection;
        if (c == null || c.isClosed() || System.nanoTime() - lastWrite > IDLE_CHECK_NANOS && !c.isValid(2)) {
            closeQuietly(c);
            connection = null;
            c = dataSource.getConnection();
            connection = c;
            lastWrite = System.nanoTime();
        }
        if (c.getAutoCommit()) {
            c.setAutoCommit(false);
        }
        return c;
    }

    private void drop(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the transaction dies with it
        }
        closeQuietly(c);
        connection = null;
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // already broken
            }
        }
    }

    @Override
    public void close() {
        writer.lock();
        try {
            closeQuietly(connection);
            connection = null;
        } finally {
            writer.unlock();
        }
    }

    private static final class Pending {
        final AuditEvent event;
        boolean done;
        SQLException failure;

        Pending(AuditEvent event) {
            this.event = event;
        }
    }
}
