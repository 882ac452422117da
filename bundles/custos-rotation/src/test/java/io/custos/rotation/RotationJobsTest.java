package io.custos.rotation;

import static io.custos.rotation.Runs.AUDITOR;
import static io.custos.rotation.Runs.CUSTODIAN;
import static io.custos.rotation.Runs.OFFICER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.custos.api.error.CryptoException;
import io.custos.api.error.ErrorCode;
import io.custos.api.error.KeyNotFoundException;
import io.custos.kms.DutyViolationException;
import io.custos.spi.AuditEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The control plane alone (H2, no batch runtime): duties, numbered errors, audit, state rules. */
class RotationJobsTest {

    @Test
    void errors_unknownKeyRunningJobUnknownJobWrongDuty_numberedAndAudited() throws Exception {
        try (Fixture f = new Fixture(Db.open(Db.Kind.H2), 1)) {
            f.insert(5, "secret-name");
            List<CryptoException> errors = new ArrayList<>();
            errors.add(expect(() -> f.jobs.start(CUSTODIAN, 999_999, "no such key", 0), KeyNotFoundException.class,
                    ErrorCode.KEY_NOT_FOUND));
            RotationJob job = f.jobs.start(CUSTODIAN, Fixture.FIELD_KEY, "first", 0);
            errors.add(expect(() -> f.jobs.start(CUSTODIAN, Fixture.FIELD_KEY, "second", 0),
                    RotationJobException.class, ErrorCode.ROTATION_JOB_RUNNING));
            assertThat(errors.get(1).getMessage()).contains(job.jobId()).contains("queued");
            errors.add(expect(() -> f.jobs.pause(CUSTODIAN, "nope"), RotationJobException.class,
                    ErrorCode.ROTATION_JOB_NOT_FOUND));
            errors.add(expect(() -> f.jobs.start(AUDITOR, Fixture.FIELD_KEY, "x", 0), DutyViolationException.class,
                    ErrorCode.KMS_ROLE_REQUIRED));
            errors.add(expect(() -> f.jobs.resume(OFFICER, job.jobId()), DutyViolationException.class,
                    ErrorCode.KMS_ROLE_REQUIRED));
            errors.add(expect(() -> f.jobs.resume(CUSTODIAN, job.jobId()), RotationJobException.class,
                    ErrorCode.ROTATION_JOB_STATE));
            errors.add(expect(() -> f.jobs.start(CUSTODIAN, Fixture.FIELD_KEY, "\u0000", 0), RotationJobException.class,
                    ErrorCode.ROTATION_REQUEST_INVALID));
            errors.add(expect(() -> f.jobs.throttle(OFFICER, job.jobId(), -1), RotationJobException.class,
                    ErrorCode.ROTATION_REQUEST_INVALID));
            for (CryptoException e : errors) {
                assertThat(e.getMessage()).startsWith("CUSTOS-").doesNotContain("secret-name").doesNotContain("$cu1$");
                assertThat(e.toString()).doesNotContain("secret-name");
            }
            assertThat(f.audit).extracting(AuditEvent::outcome).contains(AuditEvent.Outcome.DENIED,
                    AuditEvent.Outcome.FAILED, AuditEvent.Outcome.SUCCESS);
            assertThat(f.audit.stream().filter(e -> e.outcome() == AuditEvent.Outcome.DENIED))
                    .extracting(AuditEvent::actor).contains("ada", "omar");
        }
    }

    @Test
    void states_queuedJob_pauseResumeThrottleCancelWithoutWorker() throws Exception {
        try (Fixture f = new Fixture(Db.open(Db.Kind.H2), 1)) {
            RotationJob job = f.jobs.start(CUSTODIAN, Fixture.FIELD_KEY, "states", 0);
            assertThat(f.jobs.pause(OFFICER, job.jobId()).state()).isEqualTo(JobState.PAUSED);
            assertThat(f.jobs.resume(CUSTODIAN, job.jobId()).state()).isEqualTo(JobState.QUEUED);
            assertThat(f.jobs.throttle(OFFICER, job.jobId(), 250).throttle()).isEqualTo(250);
            RotationJob cancelled = f.jobs.cancel(CUSTODIAN, job.jobId());
            assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
            expect(() -> f.jobs.cancel(CUSTODIAN, job.jobId()), RotationJobException.class,
                    ErrorCode.ROTATION_JOB_STATE);
            // the key is free again once the job is finished
            RotationJob next = f.jobs.start(CUSTODIAN, Fixture.FIELD_KEY, "again", 0);
            assertThat(f.jobs.jobs()).extracting(RotationJob::jobId).containsExactlyInAnyOrder(job.jobId(), next.jobId());
            assertThat(next.rowsLeft()).isEqualTo(-1);
        }
    }

    @Test
    void start_auditDown_refusedAndNothingReturned() throws Exception {
        try (Db db = Db.open(Db.Kind.H2)) {
            RotationJobs jobs = RotationJobs.builder().dataSource(db).auditSink(Fixture.failing()).build();
            assertThatThrownBy(() -> jobs.start(CUSTODIAN, 101, "audit down", 0))
                    .isInstanceOf(io.custos.api.error.AuditUnavailableException.class);
        }
    }

    interface Call {
        Object run() throws Exception;
    }

    private static CryptoException expect(Call call, Class<? extends CryptoException> type, ErrorCode code) {
        try {
            call.run();
        } catch (Exception e) {
            assertThat(e).isInstanceOf(type);
            assertThat(((CryptoException) e).code()).isEqualTo(code);
            return (CryptoException) e;
        }
        throw new AssertionError("expected " + code.id());
    }
}
