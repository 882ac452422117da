package io.custos.rotation.internal;

import io.custos.api.error.ErrorCode;
import io.custos.rotation.RotationJobException;
import jakarta.batch.api.chunk.AbstractItemWriter;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.logging.Logger;

/**
 * Writes a chunk: one compare-and-set UPDATE per changed row ({@code WHERE id = ? AND col = <value read>} for
 * each rewritten column), sent as JDBC batches, and the partition's progress row, in one local transaction (or
 * in the container's chunk transaction). An UPDATE that matches no row means a business write changed the row
 * after we read it: that write wins, and the row is read again and its remaining stale values are rewritten
 * ({@link ChunkWrite}). The progress update is fenced by the lease, so
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
                for (Object o : items) {
                    failed += ((RowItem) o).failed;
                }
                @SuppressWarnings("unchecked")
                ChunkWrite.Result result = ChunkWrite.write(c, work.plan, (List<RowItem>) (List<?>) items);
                rewritten = result.rewritten();
                misses = result.misses();
                failed += result.failed();
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
}
