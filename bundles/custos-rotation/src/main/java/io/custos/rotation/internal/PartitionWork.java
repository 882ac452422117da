package io.custos.rotation.internal;

import io.custos.api.error.CryptoException;
import io.custos.rotation.RotationEnvironment;
import io.custos.rotation.RotationJobException;
import jakarta.batch.runtime.context.JobContext;
import jakarta.batch.runtime.context.StepContext;
import java.util.List;

/**
 * The state one partition's reader, processor, writer and chunk listener share, kept as the partition's step
 * context transient data (each partition has its own step context on JBatch and JBeret).
 */
public final class PartitionWork {
    public static final String JOB = "custos.job";
    public static final String ENVIRONMENT = "custos.environment";

    final RotationEnvironment env;
    final String jobId;
    final TablePlan plan;
    final Partition partition;
    final ExecutionStats stats;
    final JobStore jobs;
    final PartStore parts;
    final int concurrency;
    volatile boolean stop;
    long lastRead = Long.MIN_VALUE;
    long lastCommitted = Long.MIN_VALUE;
    int lastChunkRows;

    private PartitionWork(RotationEnvironment env, String jobId, TablePlan plan, Partition partition,
                          int concurrency) throws RotationJobException {
        this.concurrency = Math.max(1, concurrency);
        this.env = env;
        this.jobId = jobId;
        this.plan = plan;
        this.partition = partition;
        this.stats = ExecutionStats.of(env, jobId);
        this.jobs = JobStore.open(env.dataSource());
        this.parts = new PartStore(env.dataSource());
    }

    /** Opens the work of partition {@code partNo}; the reader calls it first, and stores it in the step context. */
    static PartitionWork open(JobContext job, StepContext step, String partNo) throws CryptoException {
        RotationEnvironment env = RotationEnvironment.lookup(job.getProperties().getProperty(ENVIRONMENT));
        String jobId = job.getProperties().getProperty(JOB);
        int no = Integer.parseInt(partNo.trim());
        List<Partition> all = new PartStore(env.dataSource()).load(jobId);
        Partition partition = all.stream().filter(p -> p.partNo() == no).findFirst().orElseThrow(
                () -> new RotationJobException(io.custos.api.error.ErrorCode.ROTATION_JOB_NOT_FOUND, jobId + "/" + no));
        int open = (int) all.stream().filter(p -> !p.done()).count();
        long keyId = JobStore.open(env.dataSource()).find(jobId).orElseThrow().keyId();
        List<TablePlan> plans = TablePlan.forKey(env, keyId);
        TablePlan plan = plans.stream().filter(p -> p.table().equalsIgnoreCase(partition.table())).findFirst()
                .orElse(null);
        PartitionWork work = new PartitionWork(env, jobId, plan, partition, Math.min(env.threads(), open));
        if (plan == null) { // the column moved to another key since planning: nothing left to do here
            work.stop = true;
        }
        step.setTransientUserData(work);
        return work;
    }

    static PartitionWork of(StepContext step) {
        return step.getTransientUserData() instanceof PartitionWork w ? w : null;
    }

    static String describe(Exception e) {
        if (e instanceof CryptoException c) {
            return c.getMessage();
        }
        if (e instanceof java.sql.SQLException s) {
            return "SQL state " + s.getSQLState();
        }
        return e.getClass().getName();
    }
}
