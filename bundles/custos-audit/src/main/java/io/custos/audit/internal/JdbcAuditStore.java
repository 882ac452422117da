package io.custos.audit.internal;

import io.custos.audit.AuditConfig;
import io.custos.audit.verify.CanonicalEvent;
import io.custos.audit.verify.Checkpoint;
import io.custos.audit.verify.CompactRange;
import io.custos.audit.verify.TreeHash;
import io.custos.spi.AuditEvent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The audit tables, through plain JDBC. Appends serialise on a row lock of the single head row, taken in
 * the same transaction as the inserts, so that every writer — thread or JVM — gets the next sequence
 * numbers and the right predecessor hash, and a writer that dies mid-append leaves nothing behind.
 */
public final class JdbcAuditStore {
    /** SQLState of a head row whose sizes and hashes disagree (altered outside the recorder). */
    public static final String DAMAGED = "22C01";
    /** Outcome of an append. */
    public record Appended(long firstSeq, long newSize, byte[] root) {
    }

    /** The head row. */
    public record Head(String logName, long size, byte[] lastLeaf, CompactRange frontier, long archivedSize,
                       CompactRange archived, byte[] archivedLastLeaf) {
    }

    /** One stored event. */
    public record Row(long seq, byte[] leafHash, String body) {
    }

    /** Receives stored events in order. */
    @FunctionalInterface
    public interface RowConsumer {
        boolean accept(Row row);
    }

    private final String t;
    private final String n;
    private final String logName;
    private final String insertEvent;
    private final String selectHead;
    private final String selectHeadForUpdate;
    private final String updateHead;

    public JdbcAuditStore(AuditConfig config) {
        this.t = config.qualifiedPrefix();
        this.n = config.tablePrefix();
        this.logName = config.logName();
        this.insertEvent = "INSERT INTO " + t + "event (seq, event_time, actor, category, action, outcome, leaf_hash, body)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
        this.selectHead = "SELECT log_name, tree_size, last_leaf, frontier, archived_size, archived_frontier,"
                + " archived_last_leaf FROM " + t + "head WHERE id = 1";
        this.selectHeadForUpdate = selectHead + " FOR UPDATE";
        this.updateHead = "UPDATE " + t + "head SET tree_size = ?, last_leaf = ?, frontier = ? WHERE id = 1";
    }

    /** Creates the tables and the head row if they are missing. */
    public void createSchema(Connection c) throws SQLException {
        String product = c.getMetaData().getDatabaseProductName();
        boolean postgres = product.toLowerCase(java.util.Locale.ROOT).contains("postgres");
        String ddl = resource(postgres ? "postgresql.sql" : "h2.sql").replace("${t}", t).replace("${n}", n);
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            if (postgres) {
                // Several instances may start at once; PostgreSQL's CREATE IF NOT EXISTS is not race-free.
                s.execute("SELECT pg_advisory_xact_lock(" + (0x43555354L ^ t.hashCode()) + ")");
            }
            for (String statement : ddl.split(";")) {
                String sql = statement.lines().filter(l -> !l.startsWith("--")).reduce("", (a, b) -> a + "\n" + b).trim();
                if (!sql.isEmpty()) {
                    s.execute(sql);
                }
            }
            boolean exists;
            try (ResultSet rs = s.executeQuery("SELECT log_name FROM " + t + "head WHERE id = 1")) {
                exists = rs.next();
                if (exists && !logName.equals(rs.getString(1))) {
                    throw new SQLException("the audit tables " + t + "* belong to another log");
                }
            }
            if (!exists) {
                try (PreparedStatement p = c.prepareStatement("INSERT INTO " + t + "head (id, log_name, tree_size, last_leaf,"
                        + " frontier, archived_size, archived_frontier, archived_last_leaf) VALUES (1, ?, 0, ?, ?, 0, ?, ?)")) {
                    p.setString(1, logName);
                    p.setBytes(2, CanonicalEvent.NO_PREVIOUS);
                    p.setBytes(3, new byte[0]);
                    p.setBytes(4, new byte[0]);
                    p.setBytes(5, CanonicalEvent.NO_PREVIOUS);
                    p.executeUpdate();
                }
            }
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    /**
     * Appends events in the connection's current transaction (auto-commit must be off); the caller commits.
     * Holds the head row lock until then.
     */
    public Appended append(Connection c, List<AuditEvent> events) throws SQLException {
        Head head = head(c, true);
        long seq = head.size();
        byte[] prev = head.lastLeaf();
        CompactRange frontier = head.frontier();
        try (PreparedStatement p = c.prepareStatement(insertEvent)) {
            for (AuditEvent e : events) {
                String line = CanonicalEvent.encode(seq, prev, e);
                byte[] leaf = TreeHash.leaf(line.getBytes(StandardCharsets.UTF_8));
                p.setLong(1, seq);
                p.setObject(2, OffsetDateTime.ofInstant(CanonicalEvent.normalise(e.time()), ZoneOffset.UTC));
                p.setString(3, clip(e.actor(), 256));
                p.setString(4, e.category().name());
                p.setString(5, clip(e.action(), 128));
                p.setString(6, e.outcome().name());
                p.setBytes(7, leaf);
                p.setString(8, line);
                p.addBatch();
                frontier.appendLeafHash(leaf);
                prev = leaf;
                seq++;
            }
            p.executeBatch();
        }
        try (PreparedStatement u = c.prepareStatement(updateHead)) {
            u.setLong(1, seq);
            u.setBytes(2, prev);
            u.setBytes(3, frontier.encode());
            if (u.executeUpdate() != 1) {
                throw new SQLException("audit head row is missing");
            }
        }
        return new Appended(head.size(), seq, frontier.root());
    }

    public Head head(Connection c, boolean lock) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(lock ? selectHeadForUpdate : selectHead);
             ResultSet rs = p.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("audit head row is missing");
            }
            long size = rs.getLong(2);
            long archivedSize = rs.getLong(5);
            try {
                return new Head(rs.getString(1), size, rs.getBytes(3), CompactRange.decode(size, rs.getBytes(4)),
                        archivedSize, CompactRange.decode(archivedSize, rs.getBytes(6)), rs.getBytes(7));
            } catch (IllegalArgumentException e) {
                throw new java.sql.SQLDataException("audit head row is damaged", DAMAGED);
            }
        }
    }

    /** Inserts a checkpoint; {@code false} if one of that size exists already. */
    public boolean insertCheckpoint(Connection c, Checkpoint cp, String fingerprint) throws SQLException {
        return insertCheckpoint(c, cp, fingerprint, true);
    }

    /**
     * Inserts a checkpoint; with {@code probe}, first looks whether one of that size exists (needed outside
     * the head lock; inside it, within the append that made the size, none can exist yet).
     */
    public boolean insertCheckpoint(Connection c, Checkpoint cp, String fingerprint, boolean probe) throws SQLException {
        if (probe && checkpoint(c, cp.size()).isPresent()) {
            return false;
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO " + t + "checkpoint (tree_size, root_hash, signed_at,"
                + " signature, key_fingerprint) VALUES (?, ?, ?, ?, ?)")) {
            p.setLong(1, cp.size());
            p.setBytes(2, cp.root());
            p.setObject(3, OffsetDateTime.ofInstant(cp.time(), ZoneOffset.UTC));
            p.setBytes(4, cp.signature());
            p.setString(5, fingerprint);
            p.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
                return false;
            }
            throw e;
        }
    }

    public Optional<Checkpoint> checkpoint(Connection c, long size) throws SQLException {
        List<Checkpoint> list = checkpoints(c, " WHERE tree_size = " + size);
        return list.isEmpty() ? Optional.empty() : Optional.of(list.get(0));
    }

    public Optional<Checkpoint> latestCheckpoint(Connection c) throws SQLException {
        List<Checkpoint> list = checkpoints(c, " WHERE tree_size = (SELECT MAX(tree_size) FROM " + t + "checkpoint)");
        return list.isEmpty() ? Optional.empty() : Optional.of(list.get(0));
    }

    public List<Checkpoint> checkpoints(Connection c) throws SQLException {
        return checkpoints(c, "");
    }

    private List<Checkpoint> checkpoints(Connection c, String where) throws SQLException {
        List<Checkpoint> out = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT tree_size, root_hash, signed_at, signature FROM " + t + "checkpoint"
                     + where + " ORDER BY tree_size")) {
            while (rs.next()) {
                out.add(new Checkpoint(logName, rs.getLong(1), rs.getBytes(2),
                        rs.getObject(3, OffsetDateTime.class).toInstant(), rs.getBytes(4)));
            }
        }
        return out;
    }

    /** Streams events {@code from <= seq < to} in order (auto-commit off so PostgreSQL uses a cursor). */
    public void events(Connection c, long from, long to, RowConsumer consumer) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT seq, leaf_hash, body FROM " + t + "event"
                + " WHERE seq >= ? AND seq < ? ORDER BY seq")) {
            p.setFetchSize(2000);
            p.setLong(1, from);
            p.setLong(2, to);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    if (!consumer.accept(new Row(rs.getLong(1), rs.getBytes(2), rs.getString(3)))) {
                        return;
                    }
                }
            }
        }
    }

    /** The stored leaf hashes of {@code from <= seq < to}, in order; a missing row is an error. */
    public List<byte[]> leafHashes(Connection c, long from, long to) throws SQLException {
        List<byte[]> out = new ArrayList<>((int) Math.min(Integer.MAX_VALUE - 8, Math.max(0, to - from)));
        try (PreparedStatement p = c.prepareStatement("SELECT seq, leaf_hash FROM " + t + "event"
                + " WHERE seq >= ? AND seq < ? ORDER BY seq")) {
            p.setFetchSize(5000);
            p.setLong(1, from);
            p.setLong(2, to);
            try (ResultSet rs = p.executeQuery()) {
                long expected = from;
                while (rs.next()) {
                    if (rs.getLong(1) != expected) {
                        throw new SQLException("audit event " + expected + " is missing");
                    }
                    out.add(rs.getBytes(2));
                    expected++;
                }
                if (expected != to) {
                    throw new SQLException("audit event " + expected + " is missing");
                }
            }
        }
        return out;
    }

    /** The smallest {@code seq >= min} whose time is at or after {@code time}, or {@code fallback}. */
    public long firstSeqAtOrAfter(Connection c, Instant time, long min, long fallback) throws SQLException {
        return bound(c, "MIN(seq)", "event_time >= ?", time, min, fallback);
    }

    /** One past the largest {@code seq >= min} whose time is before {@code time}, or {@code fallback}. */
    public long endSeqBefore(Connection c, Instant time, long min, long fallback) throws SQLException {
        long last = bound(c, "MAX(seq)", "event_time < ?", time, min, -1);
        return last < 0 ? fallback : last + 1;
    }

    private long bound(Connection c, String agg, String cond, Instant time, long min, long fallback) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT " + agg + " FROM " + t + "event WHERE seq >= ? AND " + cond)) {
            p.setLong(1, min);
            p.setObject(2, OffsetDateTime.ofInstant(time, ZoneOffset.UTC));
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                long v = rs.getLong(1);
                return rs.wasNull() ? fallback : v;
            }
        }
    }

    /** Moves the archive boundary to {@code cut} and deletes the events before it, in the caller's transaction. */
    public int archive(Connection c, long cut, CompactRange archived, byte[] lastLeaf) throws SQLException {
        try (PreparedStatement u = c.prepareStatement("UPDATE " + t + "head SET archived_size = ?, archived_frontier = ?,"
                + " archived_last_leaf = ? WHERE id = 1")) {
            u.setLong(1, cut);
            u.setBytes(2, archived.encode());
            u.setBytes(3, lastLeaf);
            u.executeUpdate();
        }
        try (PreparedStatement d = c.prepareStatement("DELETE FROM " + t + "event WHERE seq < ?")) {
            d.setLong(1, cut);
            return d.executeUpdate();
        }
    }

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    private static String resource(String name) {
        try (InputStream in = JdbcAuditStore.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("DDL resource " + name + " is missing from the bundle");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("DDL resource " + name + " cannot be read", e);
        }
    }
}
