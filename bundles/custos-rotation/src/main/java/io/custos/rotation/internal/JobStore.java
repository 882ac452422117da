package io.custos.rotation.internal;

import io.custos.api.error.ErrorCode;
import io.custos.rotation.JobState;
import io.custos.rotation.RequestedState;
import io.custos.rotation.RotationJob;
import io.custos.rotation.RotationJobException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The control tables in the shared database: {@code custos_rotation_job} (one row per job, a unique
 * {@code live_key} so that only one live job per key can exist, whatever instance inserts it) and
 * {@code custos_rotation_part} (one row per partition: its id range, the last id committed and its counts).
 * Times are epoch milliseconds of the writing instance's clock. Created on first use (H2, PostgreSQL).
 */
public final class JobStore {
    public static final String JOBS = "custos_rotation_job";
    public static final String PARTS = "custos_rotation_part";
    private static final String COLUMNS = "job_id, key_id, reason, requested, state, throttle, total, processed, "
            + "rewritten, cas_misses, failed_values, rate, started_by, started_at, updated_at, message, owner, lease_until";

    private final DataSource ds;

    private JobStore(DataSource ds) {
        this.ds = ds;
    }

    /**
     * Opens the store, creating its tables if needed.
     *
     * @throws RotationJobException CUSTOS-8005 if the database fails
     */
    public static JobStore open(DataSource ds) throws RotationJobException {
        JobStore store = new JobStore(ds);
        try {
            store.createTables();
        } catch (SQLException first) {
            try { // two instances creating at once: the loser sees the winner's tables on a second try
                store.createTables();
            } catch (SQLException e) {
                throw failure("create tables", e);
            }
        }
        return store;
    }

    private void createTables() throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(true);
            s.execute("CREATE TABLE IF NOT EXISTS " + JOBS + " (job_id VARCHAR(40) PRIMARY KEY, key_id BIGINT NOT NULL, "
                    + "live_key BIGINT, reason VARCHAR(500) NOT NULL, requested VARCHAR(10) NOT NULL, "
                    + "state VARCHAR(10) NOT NULL, throttle BIGINT NOT NULL, total BIGINT NOT NULL, "
                    + "processed BIGINT NOT NULL, rewritten BIGINT NOT NULL, cas_misses BIGINT NOT NULL, "
                    + "failed_values BIGINT NOT NULL, rate DOUBLE PRECISION NOT NULL, started_by VARCHAR(128) NOT NULL, "
                    + "started_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, message VARCHAR(1000), "
                    + "owner VARCHAR(128), lease_until BIGINT)");
            s.execute("CREATE UNIQUE INDEX IF NOT EXISTS " + JOBS + "_live ON " + JOBS + " (live_key)");
            s.execute("CREATE TABLE IF NOT EXISTS " + PARTS + " (job_id VARCHAR(40) NOT NULL, part_no INTEGER NOT NULL, "
                    + "table_name VARCHAR(128) NOT NULL, lo_id BIGINT, hi_id BIGINT, last_id BIGINT, "
                    + "done BOOLEAN NOT NULL, scanned BIGINT NOT NULL, rewritten BIGINT NOT NULL, "
                    + "cas_misses BIGINT NOT NULL, failed_values BIGINT NOT NULL, message VARCHAR(1000), "
                    + "updated_at BIGINT NOT NULL, PRIMARY KEY (job_id, part_no))");
        }
    }

    public DataSource dataSource() {
        return ds;
    }

    /**
     * Inserts a queued job; the unique live key refuses a second live job for the key.
     *
     * @return false if a live job for the key exists
     */
    public boolean insert(String jobId, long keyId, String reason, long throttle, String startedBy, long now)
            throws RotationJobException {
        try (Connection c = ds.getConnection();
             PreparedStatement p = c.prepareStatement("INSERT INTO " + JOBS + " (job_id, key_id, live_key, reason, "
                     + "requested, state, throttle, total, processed, rewritten, cas_misses, failed_values, rate, "
                     + "started_by, started_at, updated_at) VALUES (?, ?, ?, ?, 'RUN', 'QUEUED', ?, -1, 0, 0, 0, 0, 0, ?, ?, ?)")) {
            c.setAutoCommit(true);
            p.setString(1, jobId);
            p.setLong(2, keyId);
            p.setLong(3, keyId);
            p.setString(4, reason);
            p.setLong(5, throttle);
            p.setString(6, startedBy);
            p.setLong(7, now);
            p.setLong(8, now);
            p.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
                return false;
            }
            throw failure("start", e);
        }
    }

    public Optional<RotationJob> find(String jobId) throws RotationJobException {
        List<RotationJob> r = query("SELECT " + COLUMNS + " FROM " + JOBS + " WHERE job_id = ?", "read", jobId);
        return r.stream().findFirst();
    }

    public Optional<RotationJob> liveJobFor(long keyId) throws RotationJobException {
        return query("SELECT " + COLUMNS + " FROM " + JOBS + " WHERE live_key = ?", "read", keyId).stream().findFirst();
    }

    /** Every job, newest first. */
    public List<RotationJob> list() throws RotationJobException {
        return query("SELECT " + COLUMNS + " FROM " + JOBS + " ORDER BY started_at DESC, job_id", "list");
    }

    /** Live jobs that no instance holds now (no owner or an expired lease). */
    public List<RotationJob> claimable(long now) throws RotationJobException {
        return query("SELECT " + COLUMNS + " FROM " + JOBS + " WHERE state IN ('QUEUED', 'RUNNING') "
                + "AND (owner IS NULL OR lease_until < ?) ORDER BY started_at", "poll", now);
    }

    /**
     * Changes requested state, state and throttle if the row still has the state and request seen.
     *
     * @return false if another change came first
     */
    public boolean change(RotationJob seen, RequestedState requested, JobState state, long throttle, String message,
                          long now) throws RotationJobException {
        boolean finished = !state.live();
        String sql = "UPDATE " + JOBS + " SET requested = ?, state = ?, throttle = ?, updated_at = ?"
                + (message != null ? ", message = ?" : "")
                + (finished ? ", live_key = NULL, owner = NULL, lease_until = NULL" : "")
                + " WHERE job_id = ? AND state = ? AND requested = ?";
        try (Connection c = ds.getConnection(); PreparedStatement p = c.prepareStatement(sql)) {
            c.setAutoCommit(true);
            int i = 1;
            p.setString(i++, requested.name());
            p.setString(i++, state.name());
            p.setLong(i++, throttle);
            p.setLong(i++, now);
            if (message != null) {
                p.setString(i++, message);
            }
            p.setString(i++, seen.jobId());
            p.setString(i++, seen.state().name());
            p.setString(i, seen.requested().name());
            return p.executeUpdate() == 1;
        } catch (SQLException e) {
            throw failure("change", e);
        }
    }

    /**
     * Takes the lease of a live job no instance holds (or that {@code owner} holds already) and marks it running.
     *
     * @return false if another instance holds it
     */
    public boolean claim(String jobId, String owner, long now, long leaseUntil) throws RotationJobException {
        return update("claim", "UPDATE " + JOBS + " SET owner = ?, lease_until = ?, state = 'RUNNING', updated_at = ? "
                + "WHERE job_id = ? AND requested = 'RUN' AND state IN ('QUEUED', 'RUNNING') "
                + "AND (owner IS NULL OR owner = ? OR lease_until < ?)", owner, leaseUntil, now, jobId, owner, now) == 1;
    }

    /**
     * Renews the lease and folds the partitions' counts into the job row.
     *
     * @return false if {@code owner} no longer holds the job
     */
    public boolean heartbeat(String jobId, String owner, long now, long leaseUntil, double rate)
            throws RotationJobException {
        return update("heartbeat", "UPDATE " + JOBS + " SET lease_until = ?, updated_at = ?, rate = ?, "
                + "processed = COALESCE((SELECT SUM(scanned) FROM " + PARTS + " WHERE job_id = ?), 0), "
                + "rewritten = COALESCE((SELECT SUM(rewritten) FROM " + PARTS + " WHERE job_id = ?), 0), "
                + "cas_misses = COALESCE((SELECT SUM(cas_misses) FROM " + PARTS + " WHERE job_id = ?), 0), "
                + "failed_values = COALESCE((SELECT SUM(failed_values) FROM " + PARTS + " WHERE job_id = ?), 0) "
                + "WHERE job_id = ? AND owner = ?", leaseUntil, now, rate, jobId, jobId, jobId, jobId, jobId, owner) == 1;
    }

    /** Ends the execution of {@code owner}: the final or paused state, the lease released. */
    public boolean finish(String jobId, String owner, JobState state, String message, long now)
            throws RotationJobException {
        String live = state.live() ? "" : ", live_key = NULL";
        return update("finish", "UPDATE " + JOBS + " SET state = ?, message = COALESCE(?, message), updated_at = ?, "
                + "owner = NULL, lease_until = NULL" + live + " WHERE job_id = ? AND owner = ?",
                state.name(), message, now, jobId, owner) == 1;
    }

    /** For a job whose owner died after a pause or cancel request: the requested state, without a lease. */
    public boolean settleOrphan(RotationJob seen, JobState state, long now) throws RotationJobException {
        String live = state.live() ? "" : ", live_key = NULL";
        return update("settle", "UPDATE " + JOBS + " SET state = ?, updated_at = ?, owner = NULL, lease_until = NULL"
                + live + " WHERE job_id = ? AND requested = ? AND (owner IS NULL OR lease_until < ?)",
                state.name(), now, seen.jobId(), seen.requested().name(), now) == 1;
    }

    public void setTotal(String jobId, long total) throws RotationJobException {
        update("plan", "UPDATE " + JOBS + " SET total = ? WHERE job_id = ?", total, jobId);
    }

    int update(String what, String sql, Object... args) throws RotationJobException {
        try (Connection c = ds.getConnection(); PreparedStatement p = c.prepareStatement(sql)) {
            c.setAutoCommit(true);
            bind(p, args);
            return p.executeUpdate();
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    private List<RotationJob> query(String sql, String what, Object... args) throws RotationJobException {
        try (Connection c = ds.getConnection(); PreparedStatement p = c.prepareStatement(sql)) {
            bind(p, args);
            List<RotationJob> out = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.add(row(r));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    static void bind(PreparedStatement p, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a instanceof Long l) {
                p.setLong(i + 1, l);
            } else if (a instanceof Integer n) {
                p.setInt(i + 1, n);
            } else if (a instanceof Double d) {
                p.setDouble(i + 1, d);
            } else if (a instanceof Boolean b) {
                p.setBoolean(i + 1, b);
            } else if (a == null) {
                p.setNull(i + 1, java.sql.Types.VARCHAR);
            } else {
                p.setString(i + 1, a.toString());
            }
        }
    }

    private static RotationJob row(ResultSet r) throws SQLException {
        long lease = r.getLong(18);
        Instant leaseUntil = r.wasNull() ? null : Instant.ofEpochMilli(lease);
        return new RotationJob(r.getString(1), r.getLong(2), r.getString(3), RequestedState.valueOf(r.getString(4)),
                JobState.valueOf(r.getString(5)), r.getLong(6), r.getLong(7), r.getLong(8), r.getLong(9),
                r.getLong(10), r.getLong(11), r.getDouble(12), r.getString(13), Instant.ofEpochMilli(r.getLong(14)),
                Instant.ofEpochMilli(r.getLong(15)), r.getString(16), r.getString(17), leaseUntil);
    }

    /** Names the operation and SQL state only: driver messages may quote bind values. */
    public static RotationJobException failure(String what, SQLException e) {
        return new RotationJobException(ErrorCode.ROTATION_STORE_FAILED, what, e.getSQLState());
    }
}
