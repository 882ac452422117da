package io.custos.rotation.internal;

import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemReader;
import jakarta.batch.runtime.context.JobContext;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayDeque;

/**
 * Reads one partition's rows in id order, a page at a time on a short-lived connection (no cursor or
 * transaction is held between chunks). It resumes after the partition's committed last id from the progress
 * table, which is authoritative; the checkpoint (the last id read) is only informative.
 */
@Named("custosReencryptReader")
@Dependent
public class ReencryptReader extends AbstractItemReader {
    @Inject
    JobContext jobContext;
    @Inject
    StepContext stepContext;
    @Inject
    @BatchProperty(name = "part")
    String part;

    private PartitionWork work;
    private final ArrayDeque<RowItem> page = new ArrayDeque<>();
    private long last;
    private boolean exhausted;

    @Override
    public void open(Serializable checkpoint) throws Exception {
        work = PartitionWork.open(jobContext, stepContext, part);
        last = work.partition.resumeAfter();
        work.lastCommitted = last;
        exhausted = work.partition.done() || work.plan == null;
    }

    @Override
    public Object readItem() throws Exception {
        if (work.stop) {
            return null;
        }
        if (page.isEmpty() && !exhausted) {
            fetch();
            exhausted = page.isEmpty();
        }
        RowItem next = page.poll();
        if (next != null) {
            last = next.id;
            work.lastRead = next.id;
        }
        return next;
    }

    private void fetch() throws Exception {
        TablePlan plan = work.plan;
        int size = Math.max(work.env.chunkSize(), 100);
        boolean bounded = work.partition.hi() != null;
        try (Connection c = work.env.dataSource().getConnection();
             PreparedStatement p = c.prepareStatement(plan.selectPage(bounded, size))) {
            p.setLong(1, last);
            if (bounded) {
                p.setLong(2, work.partition.hi());
            }
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    page.add(RowItem.read(r, plan));
                }
            }
        }
    }

    @Override
    public Serializable checkpointInfo() {
        return last;
    }

    /** Marks the partition done only if its range is exhausted and its last chunk committed. */
    @Override
    public void close() throws Exception {
        if (work != null && exhausted && page.isEmpty() && !work.stop && work.stats.failure() == null
                && work.lastCommitted >= work.lastRead && work.plan != null) {
            work.parts.done(work.jobId, work.partition.partNo(), work.env.instanceId(), work.env.clock().millis());
        }
    }
}
