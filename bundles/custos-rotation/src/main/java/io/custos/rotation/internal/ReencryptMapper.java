package io.custos.rotation.internal;

import io.custos.rotation.RotationEnvironment;
import jakarta.batch.api.partition.PartitionMapper;
import jakarta.batch.api.partition.PartitionPlan;
import jakarta.batch.api.partition.PartitionPlanImpl;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Splits each affected table's id range into {@link RotationEnvironment#partitionsPerTable()} partitions, once
 * per job: the plan is stored with the job, so later executions reuse it and resume each partition.
 */
@Named("custosReencryptMapper")
@Dependent
public class ReencryptMapper implements PartitionMapper {
    @Inject
    JobContext jobContext;

    @Override
    public PartitionPlan mapPartitions() throws Exception {
        RotationEnvironment env = RotationEnvironment.lookup(jobContext.getProperties().getProperty(PartitionWork.ENVIRONMENT));
        String jobId = jobContext.getProperties().getProperty(PartitionWork.JOB);
        PartStore parts = new PartStore(env.dataSource());
        List<Partition> plan = parts.load(jobId);
        if (plan.isEmpty()) {
            JobStore jobs = JobStore.open(env.dataSource());
            long keyId = jobs.find(jobId).orElseThrow().keyId();
            long[] total = {0};
            List<Partition> fresh = plan(env, jobId, TablePlan.forKey(env, keyId), total);
            if (parts.insertPlan(fresh, env.clock().millis())) {
                jobs.setTotal(jobId, total[0]);
            }
            plan = parts.load(jobId);
        }
        PartitionPlanImpl out = new PartitionPlanImpl();
        out.setPartitions(plan.size());
        out.setThreads(Math.max(1, Math.min(env.threads(), plan.size())));
        Properties[] props = new Properties[plan.size()];
        for (int i = 0; i < props.length; i++) {
            props[i] = new Properties();
            props[i].setProperty("part", Integer.toString(plan.get(i).partNo()));
        }
        out.setPartitionProperties(props);
        return out;
    }

    private static List<Partition> plan(RotationEnvironment env, String jobId, List<TablePlan> tables, long[] total)
            throws SQLException {
        List<Partition> out = new ArrayList<>();
        try (Connection c = env.dataSource().getConnection(); Statement s = c.createStatement()) {
            for (TablePlan t : tables) {
                long min;
                long max;
                long count;
                try (ResultSet r = s.executeQuery("SELECT MIN(" + t.idColumn() + "), MAX(" + t.idColumn() + "), COUNT(*) FROM "
                        + t.table())) {
                    r.next();
                    min = r.getLong(1);
                    max = r.getLong(2);
                    count = r.getLong(3);
                }
                total[0] += count;
                int n = count == 0 ? 1 : (int) Math.max(1, Math.min(env.partitionsPerTable(), count / env.chunkSize()));
                long lo = min - 1;
                long span = max - lo;
                for (int i = 0; i < n; i++) {
                    Long from = i == 0 ? null : lo + span * i / n;
                    // bounded by the largest id at planning: rows inserted later are written under the current version
                    Long to = i == n - 1 ? max : lo + span * (i + 1) / n;
                    out.add(new Partition(jobId, out.size(), t.table(), from, to, null, false));
                }
            }
        }
        if (out.isEmpty()) { // no column uses the key any more: one empty partition, so the step still runs
            out.add(new Partition(jobId, 0, "-", null, null, null, true));
        }
        return out;
    }
}
