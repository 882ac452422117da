package io.custos.rotation.internal;

import io.custos.rotation.JobState;
import io.custos.rotation.RotationEnvironment;
import io.custos.rotation.RotationJob;
import io.custos.spi.AuditEvent;
import jakarta.batch.api.listener.AbstractJobListener;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Ends an execution in the control table: COMPLETED when every partition is exhausted, FAILED with the first
 * numbered error, PAUSED or CANCELLED as requested, else (the instance is stopping) back to QUEUED so another
 * instance takes it at once. Nothing is written if the lease was lost: the new owner decides.
 */
@Named("custosReencryptJobListener")
@Dependent
public class ReencryptJobListener extends AbstractJobListener {
    private static final Logger LOG = Logger.getLogger(ReencryptJobListener.class.getName());

    @Inject
    JobContext jobContext;

    @Override
    public void afterJob() throws Exception {
        RotationEnvironment env = RotationEnvironment.lookup(jobContext.getProperties().getProperty(PartitionWork.ENVIRONMENT));
        String jobId = jobContext.getProperties().getProperty(PartitionWork.JOB);
        ExecutionStats stats = ExecutionStats.of(env, jobId);
        JobStore jobs = JobStore.open(env.dataSource());
        long now = env.clock().millis();
        String me = env.instanceId();
        if (stats.isLeaseLost() || !jobs.heartbeat(jobId, me, now, now + env.lease().toMillis(), stats.rate(now))) {
            return;
        }
        List<Partition> parts = new PartStore(env.dataSource()).load(jobId);
        RotationJob job = jobs.find(jobId).orElseThrow();
        JobState state;
        String message = null;
        if (stats.failure() != null) {
            state = JobState.FAILED;
            message = stats.failure();
        } else if (!parts.isEmpty() && parts.stream().allMatch(Partition::done)) {
            state = JobState.COMPLETED;
        } else {
            state = switch (job.requested()) {
                case PAUSE -> JobState.PAUSED;
                case CANCEL -> JobState.CANCELLED;
                case RUN -> JobState.QUEUED;
            };
        }
        jobs.finish(jobId, me, state, message, now);
        if (env.audit() != null) {
            try {
                env.audit().record(AuditEvent.now("system", AuditEvent.Category.KEY, "reencrypt-run",
                                state == JobState.FAILED ? AuditEvent.Outcome.FAILED : AuditEvent.Outcome.SUCCESS)
                        .withTarget(env.tenant(), "key " + job.keyId(), null)
                        .withDetails(Map.of("job", jobId, "state", state.name(), "instance", me)));
            } catch (Exception e) {
                LOG.log(Level.WARNING, "CUSTOS audit of re-encryption job {0} failed: {1}",
                        new Object[] {jobId, PartitionWork.describe(e)});
            }
        }
    }
}
