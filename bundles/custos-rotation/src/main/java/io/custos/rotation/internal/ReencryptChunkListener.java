package io.custos.rotation.internal;

import io.custos.api.error.ErrorCode;
import io.custos.rotation.RequestedState;
import io.custos.rotation.RotationJob;
import jakarta.batch.api.chunk.listener.AbstractChunkListener;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * After each committed chunk: renews the lease and reports progress (at most once a second per job), obeys a
 * pause or cancel request or a lost lease by ending the partition (its progress stays committed), and sleeps as
 * long as the throttle requires: the partitions pay for their chunks from one bucket per job, so the job's rate
 * stays at the throttle whatever the number of partitions (after at most one chunk per partition at start).
 */
@Named("custosReencryptChunkListener")
@Dependent
public class ReencryptChunkListener extends AbstractChunkListener {
    private static final long SLICE_MS = 500;

    @Inject
    StepContext stepContext;

    @Override
    public void afterChunk() throws Exception {
        PartitionWork work = PartitionWork.of(stepContext);
        if (work == null || work.stop) {
            return;
        }
        int rows = work.lastChunkRows;
        work.lastChunkRows = 0;
        long now = work.env.clock().millis();
        long rate = control(work, now);
        if (work.stop || rate <= 0) {
            return;
        }
        // one bucket for the job's partitions here: the job as a whole keeps to the rate
        long due = work.stats.pay(rows, rate, now);
        while (!work.stop && (now = work.env.clock().millis()) < due) {
            Thread.sleep(Math.min(SLICE_MS, due - now));
            if (control(work, work.env.clock().millis()) != rate) {
                return; // throttle changed or stop requested: the next chunk starts a new baseline
            }
        }
    }

    /** Heartbeat and control; sets {@code stop} when the job must end here. Returns the throttle. */
    private static long control(PartitionWork work, long now) throws Exception {
        long lease = work.env.lease().toMillis();
        if (work.stats.heartbeatDue(now, Math.min(1000, lease / 3))
                && !work.jobs.heartbeat(work.jobId, work.env.instanceId(), now, now + lease, work.stats.rate(now))) {
            work.stats.leaseLost();
            work.stop = true;
            return 0;
        }
        RotationJob job = work.jobs.find(work.jobId).orElse(null);
        if (job == null || job.requested() != RequestedState.RUN || !work.env.instanceId().equals(job.owner())) {
            if (job != null && !work.env.instanceId().equals(job.owner())) {
                work.stats.leaseLost();
            }
            work.stop = true;
            return 0;
        }
        return job.throttle();
    }

    @Override
    public void onError(Exception e) {
        PartitionWork work = PartitionWork.of(stepContext);
        if (work != null) {
            work.stats.failed(ErrorCode.ROTATION_JOB_FAILED.format(work.jobId, PartitionWork.describe(e)));
        }
    }
}
