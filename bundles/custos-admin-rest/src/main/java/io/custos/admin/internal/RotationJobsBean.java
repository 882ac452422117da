package io.custos.admin.internal;

import io.custos.admin.spi.JobRequest;
import io.custos.admin.spi.JobStatus;
import io.custos.admin.spi.ReencryptionJobs;
import io.custos.api.error.CryptoException;
import io.custos.kms.Actor;
import io.custos.rotation.RotationJob;
import io.custos.rotation.RotationJobException;
import io.custos.rotation.RotationJobs;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * The admin WAR's {@link ReencryptionJobs}: the rotation module's control plane ({@link RotationJobs}) on the
 * admin's data source, audited through the admin's recorder, keys checked against its KMS. The admin only
 * records requests; the {@code RotationWorker} of the application that owns the data (same shared database)
 * claims and runs them. Off unless {@code custos.rotation.enabled=true}: without a worker in some application a
 * job would wait in QUEUED for ever.
 */
@ApplicationScoped
public class RotationJobsBean implements ReencryptionJobs {
    static final String ENABLED = "custos.rotation.enabled";
    static final String OFF = "re-encryption jobs are switched off; set " + ENABLED
            + "=true once the applications run a RotationWorker on this database";

    @Inject
    AdminRuntime runtime;
    @Inject
    Config config;

    volatile RotationJobs jobs;

    @Override
    public String unavailableReason() {
        return config.getOptionalValue(ENABLED, Boolean.class).orElse(false) ? null : OFF;
    }

    private RotationJobs control() throws RotationJobException {
        RotationJobs j = jobs;
        if (j == null) {
            synchronized (this) {
                if (jobs == null) {
                    jobs = RotationJobs.builder().dataSource(runtime.dataSource()).auditSink(runtime.audit())
                            .keys(runtime.kms()).build();
                }
                j = jobs;
            }
        }
        return j;
    }

    @Override
    public List<JobStatus> jobs() {
        try {
            return control().jobs().stream().map(RotationJobsBean::status).toList();
        } catch (RotationJobException e) {
            throw new IllegalStateException(e.getMessage());
        }
    }

    @Override
    public Optional<JobStatus> job(String jobId) {
        try {
            return control().job(jobId).map(RotationJobsBean::status);
        } catch (RotationJobException e) {
            throw new IllegalStateException(e.getMessage());
        }
    }

    @Override
    public JobStatus start(Actor actor, JobRequest request) throws CryptoException {
        return status(control().start(actor, request.keyId(), request.reason(), request.throttle()));
    }

    @Override
    public JobStatus pause(Actor actor, String jobId) throws CryptoException {
        return status(control().pause(actor, jobId));
    }

    @Override
    public JobStatus resume(Actor actor, String jobId) throws CryptoException {
        return status(control().resume(actor, jobId));
    }

    @Override
    public JobStatus cancel(Actor actor, String jobId) throws CryptoException {
        return status(control().cancel(actor, jobId));
    }

    @Override
    public JobStatus throttle(Actor actor, String jobId, long rowsPerSecond) throws CryptoException {
        return status(control().throttle(actor, jobId, rowsPerSecond));
    }

    static JobStatus status(RotationJob j) {
        return new JobStatus(j.jobId(), j.keyId(), j.state().name(), j.processed(), j.total(), j.startedBy(),
                j.startedAt(), j.updatedAt(), j.message(), j.requested().name(), j.throttle(), j.rate(), j.rowsLeft(),
                j.timeLeft().map(Duration::toSeconds).orElse(-1L), j.rewritten(), j.casMisses(), j.failedValues());
    }
}
