package io.custos.rotation;

import io.custos.api.error.CryptoException;
import io.custos.rotation.internal.ExecutionStats;
import io.custos.rotation.internal.JobStore;
import io.custos.rotation.internal.PartitionWork;
import io.custos.rotation.internal.TablePlan;
import jakarta.batch.operations.JobOperator;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.BatchStatus;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs re-encryption jobs in the application that owns the entities. Each poll it renews the leases of the
 * executions it runs, settles jobs whose dead owner had been asked to pause or cancel, and claims live jobs that
 * no instance holds (never held, or whose lease expired: a crashed or stalled instance) if one of its columns
 * uses the job's key; a claimed job runs as the Jakarta Batch job {@value #JOB_XML}.
 *
 * <h2>Security guarantees</h2>
 * Exactly one instance holds a job's lease at a time (a conditional UPDATE); every chunk's commit is fenced by
 * that lease, so an instance that lost it commits nothing more. Logs carry job ids and numbered messages only.
 */
public final class RotationWorker implements AutoCloseable {
    /** The job XML name, {@code META-INF/batch-jobs/custos-reencrypt.xml}. */
    public static final String JOB_XML = "custos-reencrypt";
    private static final Logger LOG = Logger.getLogger(RotationWorker.class.getName());

    private final RotationEnvironment env;
    private final JobStore store;
    private final JobOperator operator;
    private final int maxJobs;
    private final Map<String, Long> running = new ConcurrentHashMap<>();
    private ScheduledFuture<?> schedule;

    /**
     * @param maxJobs how many jobs this instance runs at once
     * @throws RotationJobException CUSTOS-8005 if the control tables cannot be created
     */
    public RotationWorker(RotationEnvironment env, int maxJobs) throws RotationJobException {
        this(env, BatchRuntime.getJobOperator(), maxJobs);
    }

    RotationWorker(RotationEnvironment env, JobOperator operator, int maxJobs) throws RotationJobException {
        this.env = env;
        this.store = JobStore.open(env.dataSource());
        this.operator = operator;
        this.maxJobs = maxJobs;
        RotationEnvironment.register(env);
    }

    /** Polls every {@code interval} on {@code executor} (a managed executor on an application server). */
    public synchronized void start(ScheduledExecutorService executor, Duration interval) {
        schedule = executor.scheduleWithFixedDelay(() -> {
            try {
                pollOnce();
            } catch (Exception e) { // keep polling: the next round retries
                LOG.log(Level.WARNING, "CUSTOS re-encryption worker poll failed: {0}", message(e));
            }
        }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * One round: heartbeats, settling, claiming.
     *
     * @throws CryptoException if the control tables or a key probe fail
     */
    public synchronized void pollOnce() throws CryptoException {
        long now = env.clock().millis();
        long lease = env.lease().toMillis();
        for (Map.Entry<String, Long> e : running.entrySet()) {
            BatchStatus status = operator.getJobExecution(e.getValue()).getBatchStatus();
            if (status == BatchStatus.COMPLETED || status == BatchStatus.FAILED || status == BatchStatus.STOPPED
                    || status == BatchStatus.ABANDONED) {
                running.remove(e.getKey());
                // the job listener has ended the job; if it could not, the lease expires and another round retries
                ExecutionStats.forget(env, e.getKey());
            } else if (!store.heartbeat(e.getKey(), env.instanceId(), now, now + lease,
                    ExecutionStats.of(env, e.getKey()).rate(now))) {
                stop(e.getValue());
            }
        }
        for (RotationJob job : store.claimable(now)) {
            if (running.containsKey(job.jobId())) {
                continue;
            }
            if (job.requested() != RequestedState.RUN) {
                store.settleOrphan(job, job.requested() == RequestedState.PAUSE ? JobState.PAUSED : JobState.CANCELLED, now);
                continue;
            }
            if (running.size() >= maxJobs || TablePlan.forKey(env, job.keyId()).isEmpty()) {
                continue;
            }
            if (store.claim(job.jobId(), env.instanceId(), now, now + lease)) {
                launch(job);
            }
        }
    }

    private void launch(RotationJob job) throws RotationJobException {
        ExecutionStats.forget(env, job.jobId());
        ExecutionStats.of(env, job.jobId());
        Properties params = new Properties();
        params.setProperty(PartitionWork.JOB, job.jobId());
        params.setProperty(PartitionWork.ENVIRONMENT, env.name());
        params.setProperty("custos.chunk", Integer.toString(env.chunkSize()));
        try {
            running.put(job.jobId(), operator.start(JOB_XML, params));
            LOG.info(() -> "CUSTOS re-encryption job " + job.jobId() + " (key " + job.keyId() + ") started on "
                    + env.instanceId());
        } catch (RuntimeException e) {
            store.finish(job.jobId(), env.instanceId(), JobState.FAILED,
                    io.custos.api.error.ErrorCode.ROTATION_JOB_FAILED.format(job.jobId(),
                            "the batch runtime refused to start it: " + e.getClass().getName()), env.clock().millis());
        }
    }

    /** The batch execution ids this instance runs, by job id. */
    public Map<String, Long> executions() {
        return Map.copyOf(running);
    }

    private void stop(long execution) {
        try {
            BatchStatus status = operator.getJobExecution(execution).getBatchStatus();
            if (status != BatchStatus.STARTING && status != BatchStatus.STARTED) {
                return;
            }
            operator.stop(execution);
        } catch (RuntimeException e) {
            LOG.fine(() -> "stop of execution " + execution + ": " + e.getClass().getName());
        }
    }

    /** Stops polling and asks running executions to stop; their jobs go back to QUEUED for another instance. */
    @Override
    public synchronized void close() {
        if (schedule != null) {
            schedule.cancel(false);
        }
        running.values().forEach(this::stop);
        RotationEnvironment.unregister(env);
    }

    private static String message(Exception e) {
        return e instanceof CryptoException c ? c.getMessage() : e.getClass().getName();
    }
}
