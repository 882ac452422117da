package io.custos.rotation.internal;

import io.custos.rotation.RotationJobException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The per-partition progress rows. The plan is written once per job, so every later execution (after a pause or
 * a crash, on any instance) splits the tables identically and resumes each partition from its committed last id,
 * whatever the batch runtime's own repository remembers.
 */
public final class PartStore {
    private static final String T = JobStore.PARTS;
    private final DataSource ds;

    public PartStore(DataSource ds) {
        this.ds = ds;
    }

    public List<Partition> load(String jobId) throws RotationJobException {
        try (Connection c = ds.getConnection();
             PreparedStatement p = c.prepareStatement("SELECT job_id, part_no, table_name, lo_id, hi_id, last_id, done FROM "
                     + T + " WHERE job_id = ? ORDER BY part_no")) {
            p.setString(1, jobId);
            List<Partition> out = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.add(new Partition(r.getString(1), r.getInt(2), r.getString(3), nullable(r, 4), nullable(r, 5),
                            nullable(r, 6), r.getBoolean(7)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw JobStore.failure("load partitions", e);
        }
    }

    public Partition get(String jobId, int partNo) throws RotationJobException {
        return load(jobId).stream().filter(p -> p.partNo() == partNo).findFirst()
                .orElseThrow(() -> new RotationJobException(io.custos.api.error.ErrorCode.ROTATION_JOB_NOT_FOUND,
                        jobId + " partition " + partNo));
    }

    /**
     * Writes the plan in one transaction.
     *
     * @return false if a plan existed already (written by an earlier execution)
     */
    public boolean insertPlan(List<Partition> plan, long now) throws RotationJobException {
        try (Connection c = ds.getConnection();
             PreparedStatement p = c.prepareStatement("INSERT INTO " + T + " (job_id, part_no, table_name, lo_id, hi_id, "
                     + "last_id, done, scanned, rewritten, cas_misses, failed_values, updated_at) "
                     + "VALUES (?, ?, ?, ?, ?, NULL, ?, 0, 0, 0, 0, ?)")) {
            c.setAutoCommit(false);
            try {
                for (Partition part : plan) {
                    JobStore.bind(p, part.jobId(), part.partNo(), part.table(), part.lo(), part.hi(), part.done(), now);
                    if (part.lo() == null) {
                        p.setNull(4, java.sql.Types.BIGINT);
                    }
                    if (part.hi() == null) {
                        p.setNull(5, java.sql.Types.BIGINT);
                    }
                    p.addBatch();
                }
                p.executeBatch();
                c.commit();
                return true;
            } catch (SQLException e) {
                c.rollback();
                if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
                    return false;
                }
                throw e;
            }
        } catch (SQLException e) {
            throw JobStore.failure("plan", e);
        }
    }

    /**
     * Records a committed chunk on {@code c} (inside the writer's transaction), fenced by the lease: if another
     * instance took the job over, nothing is recorded and the caller rolls back.
     *
     * @return false if {@code owner} no longer holds the job
     */
    public static boolean progress(Connection c, String jobId, int partNo, long lastId, long scanned, long rewritten,
                                   long casMisses, long failed, String owner, long now) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("UPDATE " + T + " SET last_id = ?, scanned = scanned + ?, "
                + "rewritten = rewritten + ?, cas_misses = cas_misses + ?, failed_values = failed_values + ?, "
                + "updated_at = ? WHERE job_id = ? AND part_no = ? AND EXISTS (SELECT 1 FROM " + JobStore.JOBS
                + " WHERE job_id = ? AND owner = ?)")) {
            JobStore.bind(p, lastId, scanned, rewritten, casMisses, failed, now, jobId, partNo, jobId, owner);
            return p.executeUpdate() == 1;
        }
    }

    /** Marks a partition exhausted. */
    public void done(String jobId, int partNo, String owner, long now) throws RotationJobException {
        try (Connection c = ds.getConnection();
             PreparedStatement p = c.prepareStatement("UPDATE " + T + " SET done = ?, updated_at = ? WHERE job_id = ? "
                     + "AND part_no = ? AND EXISTS (SELECT 1 FROM " + JobStore.JOBS + " WHERE job_id = ? AND owner = ?)")) {
            c.setAutoCommit(true);
            JobStore.bind(p, true, now, jobId, partNo, jobId, owner);
            p.executeUpdate();
        } catch (SQLException e) {
            throw JobStore.failure("finish partition", e);
        }
    }

    private static Long nullable(ResultSet r, int i) throws SQLException {
        long v = r.getLong(i);
        return r.wasNull() ? null : v;
    }
}
