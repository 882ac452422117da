package io.custos.rotation.internal;

import io.custos.api.error.ErrorCode;
import io.custos.rotation.RotationJobException;
import jakarta.batch.api.chunk.AbstractItemWriter;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Writes a chunk: one compare-and-set UPDATE per changed row ({@code WHERE id = ? AND col = <value read>} for
 * each rewritten column), sent as JDBC batches, and the partition's progress row, in one local transaction (or
 * in the container's chunk transaction). An UPDATE that matches no row means a business write changed the value
 * after we read it: that write wins and is counted as a CAS miss. The progress update is fenced by the lease, so
 * an instance that lost its job commits nothing.
 */
@Named("custosReencryptWriter")
@Dependent
public class ReencryptWriter extends AbstractItemWriter {
    private static final Logger LOG = Logger.getLogger(ReencryptWriter.class.getName());

    @Inject
    StepContext stepContext;

    @Override
    public void writeItems(List<Object> items) throws Exception {
        PartitionWork work = PartitionWork.of(stepContext);
        if (items.isEmpty() || work.plan == null) {
            return;
        }
        boolean local = !work.env.containerTransactions();
        long rewritten = 0;
        long misses = 0;
        long failed = 0;
        long lastId = ((RowItem) items.get(items.size() - 1)).id;
        try (Connection c = work.env.dataSource().getConnection()) {
            if (local) {
                c.setAutoCommit(false);
            }
            try {
                Map<Integer, List<RowItem>> byMask = new LinkedHashMap<>();
                for (Object o : items) {
                    RowItem row = (RowItem) o;
                    failed += row.failed;
                    if (row.mask != 0) {
                        byMask.computeIfAbsent(row.mask, m -> new ArrayList<>()).add(row);
                    }
                }
                for (Map.Entry<Integer, List<RowItem>> e : byMask.entrySet()) {
                    int[] counts = update(c, work.plan, e.getKey(), e.getValue());
                    for (int i = 0; i < counts.length; i++) {
                        if (counts[i] == 0) {
                            misses++;
                        } else {
                            rewritten += e.getValue().get(i).rewritten();
                        }
                    }
                }
                long now = work.env.clock().millis();
                if (!PartStore.progress(c, work.jobId, work.partition.partNo(), lastId, items.size(), rewritten, misses,
                        failed, work.env.instanceId(), now)) {
                    if (!local) {
                        throw new RotationJobException(ErrorCode.ROTATION_LEASE_LOST, work.jobId, work.env.instanceId(),
                                "another instance");
                    }
                    c.rollback();
                    work.stop = true;
                    work.stats.leaseLost();
                    LOG.warning(() -> ErrorCode.ROTATION_LEASE_LOST.format(work.jobId, work.env.instanceId(),
                            "another instance"));
                    return;
                }
                if (local) {
                    c.commit();
                }
            } catch (SQLException | RuntimeException e) {
                if (local) {
                    c.rollback();
                }
                throw e;
            }
        }
        work.lastCommitted = lastId;
        work.lastChunkRows = items.size();
        work.stats.scanned(items.size());
    }

    private static int[] update(Connection c, TablePlan plan, int mask, List<RowItem> rows) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(plan.update(mask))) {
            for (RowItem row : rows) {
                int at = 1;
                for (int i = 0; i < row.stored.length; i++) {
                    if ((mask & (1 << i)) != 0) {
                        set(p, at++, row.updated[i]);
                        if (plan.columns().get(i).indexColumn().isPresent() && !plan.columns().get(i).binary()) {
                            p.setString(at++, row.indexes[i]);
                        }
                    }
                }
                p.setLong(at++, row.id);
                for (int i = 0; i < row.stored.length; i++) {
                    if ((mask & (1 << i)) != 0) {
                        set(p, at++, row.stored[i]);
                    }
                }
                p.addBatch();
            }
            int[] counts = p.executeBatch();
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] == Statement.SUCCESS_NO_INFO) {
                    counts[i] = 1;
                }
            }
            return counts;
        }
    }

    private static void set(PreparedStatement p, int at, Object value) throws SQLException {
        if (value instanceof byte[] b) {
            p.setBytes(at, b);
        } else {
            p.setString(at, (String) value);
        }
    }
}
