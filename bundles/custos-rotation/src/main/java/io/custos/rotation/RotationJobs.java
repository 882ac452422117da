package io.custos.rotation;

import io.custos.api.KeyReference;
import io.custos.api.error.AuditUnavailableException;
import io.custos.api.error.CryptoException;
import io.custos.api.error.ErrorCode;
import io.custos.kms.Actor;
import io.custos.kms.CustosKms;
import io.custos.kms.DutyViolationException;
import io.custos.kms.Role;
import io.custos.rotation.internal.JobStore;
import io.custos.spi.AuditEvent;
import io.custos.spi.AuditSink;
import java.time.Clock;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The control plane of re-encryption jobs, over the shared database: start, pause, resume, cancel, throttle,
 * status. It only records what is asked; the {@link RotationWorker} of the application that owns the data
 * claims the job and obeys after its current chunk.
 *
 * <pre>{@code
 * RotationJobs jobs = RotationJobs.builder().dataSource(ds).auditSink(audit).keys(kms).build();
 * RotationJob job = jobs.start(actor, keyId, "quarterly rotation", 0);
 * }</pre>
 *
 * <h2>Security guarantees</h2>
 * Starting and resuming need {@link Role#KEY_CUSTODIAN}; pausing, cancelling and throttling a key custodian or a
 * security officer (CUSTOS-3105 otherwise). Every call, refused ones included, is recorded through the
 * {@link AuditSink} before it returns; a change whose audit record fails is reported as failed. Only one live
 * job per key exists, enforced by a unique index, so two instances cannot both start one. Nothing here
 * touches values or keys.
 */
public final class RotationJobs {
    /** Checks that a key exists (and that the actor may see it). */
    @FunctionalInterface
    @org.osgi.annotation.versioning.ConsumerType
    public interface KeyCheck {
        /**
         * @throws CryptoException {@link io.custos.api.error.KeyNotFoundException} if the key does not exist
         */
        void requireKnown(Actor actor, long keyId) throws CryptoException;
    }

    private static final Set<Role> STOPPERS = EnumSet.of(Role.KEY_CUSTODIAN, Role.SECURITY_OFFICER);
    private static final int MAX_REASON = 500;

    private final JobStore store;
    private final AuditSink audit;
    private final KeyCheck keys;
    private final Clock clock;

    RotationJobs(JobStore store, AuditSink audit, KeyCheck keys, Clock clock) {
        this.store = store;
        this.audit = audit;
        this.keys = keys;
        this.clock = clock;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Queues a job moving every value under {@code keyId} to the key's current version (and encrypting legacy
     * plaintext of the columns that use the key).
     *
     * @param throttle rows per second over all partitions, 0 for no limit
     * @throws DutyViolationException                   if the actor is not a key custodian
     * @throws io.custos.api.error.KeyNotFoundException if the key does not exist
     * @throws RotationJobException                     CUSTOS-8001 if a live job for the key exists, 8004 if invalid
     */
    public RotationJob start(Actor actor, long keyId, String reason, long throttle) throws CryptoException {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("throttle", Long.toString(throttle));
        return audited(actor, "reencrypt-start", keyId, null, details, () -> {
            require(actor, EnumSet.of(Role.KEY_CUSTODIAN), "start a re-encryption job");
            validate(keyId, reason, throttle);
            keys.requireKnown(actor, keyId);
            String jobId = UUID.randomUUID().toString();
            details.put("job", jobId);
            if (!store.insert(jobId, keyId, reason, throttle, actor.principal(), clock.millis())) {
                RotationJob live = store.liveJobFor(keyId).orElse(null);
                throw new RotationJobException(ErrorCode.ROTATION_JOB_RUNNING, keyId,
                        live == null ? "live" : live.state().name().toLowerCase(java.util.Locale.ROOT),
                        live == null ? "?" : live.jobId());
            }
            return store.find(jobId).orElseThrow();
        });
    }

    /**
     * Pauses a queued or running job after its current chunk.
     *
     * @throws DutyViolationException if the actor is neither custodian nor officer
     * @throws RotationJobException   CUSTOS-8002 if unknown, 8003 if not queued or running
     */
    public RotationJob pause(Actor actor, String jobId) throws CryptoException {
        return transition(actor, "reencrypt-pause", jobId, STOPPERS, "paused", job -> switch (job.state()) {
            case QUEUED -> new Target(RequestedState.PAUSE, JobState.PAUSED);
            case RUNNING -> new Target(RequestedState.PAUSE, JobState.RUNNING);
            default -> null;
        });
    }

    /**
     * Resumes a paused job (or withdraws a pause not yet obeyed); it goes on from its committed progress.
     *
     * @throws DutyViolationException if the actor is not a key custodian
     * @throws RotationJobException   CUSTOS-8002 if unknown, 8003 if not paused
     */
    public RotationJob resume(Actor actor, String jobId) throws CryptoException {
        return transition(actor, "reencrypt-resume", jobId, EnumSet.of(Role.KEY_CUSTODIAN), "resumed", job ->
                job.state() == JobState.PAUSED ? new Target(RequestedState.RUN, JobState.QUEUED)
                        : job.state() == JobState.RUNNING && job.requested() == RequestedState.PAUSE
                        ? new Target(RequestedState.RUN, JobState.RUNNING) : null);
    }

    /**
     * Cancels a live job: at once if no instance runs it, else after the running chunk. Rows already moved
     * stay under the new version; both versions keep decrypting.
     *
     * @throws DutyViolationException if the actor is neither custodian nor officer
     * @throws RotationJobException   CUSTOS-8002 if unknown, 8003 if finished
     */
    public RotationJob cancel(Actor actor, String jobId) throws CryptoException {
        return transition(actor, "reencrypt-cancel", jobId, STOPPERS, "cancelled", job -> switch (job.state()) {
            case QUEUED, PAUSED -> new Target(RequestedState.CANCEL, JobState.CANCELLED);
            case RUNNING -> new Target(RequestedState.CANCEL, JobState.RUNNING);
            default -> null;
        });
    }

    /**
     * Sets the most rows per second a live job may process (0: no limit); the running instance applies it
     * after its current chunk.
     *
     * @throws DutyViolationException if the actor is neither custodian nor officer
     * @throws RotationJobException   CUSTOS-8002 if unknown, 8003 if finished, 8004 if negative
     */
    public RotationJob throttle(Actor actor, String jobId, long rowsPerSecond) throws CryptoException {
        if (rowsPerSecond < 0) {
            throw new RotationJobException(ErrorCode.ROTATION_REQUEST_INVALID, "throttle", "negative");
        }
        return transition(actor, "reencrypt-throttle", jobId, STOPPERS, "throttled",
                job -> job.state().live() ? new Target(job.requested(), job.state(), rowsPerSecond) : null);
    }

    /**
     * One job.
     *
     * @throws RotationJobException CUSTOS-8005 if the store fails
     */
    public Optional<RotationJob> job(String jobId) throws RotationJobException {
        return jobId == null ? Optional.empty() : store.find(jobId);
    }

    /**
     * Every job, newest first.
     *
     * @throws RotationJobException CUSTOS-8005 if the store fails
     */
    public List<RotationJob> jobs() throws RotationJobException {
        return store.list();
    }

    private record Target(RequestedState requested, JobState state, Long throttle) {
        Target(RequestedState requested, JobState state) {
            this(requested, state, null);
        }
    }

    private interface Rule {
        Target apply(RotationJob job);
    }

    private interface Work {
        RotationJob run() throws CryptoException;
    }

    private RotationJob transition(Actor actor, String action, String jobId, Set<Role> roles, String verb, Rule rule)
            throws CryptoException {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("job", String.valueOf(jobId));
        return audited(actor, action, null, jobId, details, () -> {
            require(actor, roles, action);
            for (int attempt = 0; attempt < 5; attempt++) {
                RotationJob job = store.find(jobId)
                        .orElseThrow(() -> new RotationJobException(ErrorCode.ROTATION_JOB_NOT_FOUND, jobId));
                details.put("key", Long.toString(job.keyId()));
                Target t = rule.apply(job);
                if (t == null) {
                    throw new RotationJobException(ErrorCode.ROTATION_JOB_STATE, jobId,
                            job.state().name().toLowerCase(java.util.Locale.ROOT), verb);
                }
                long throttle = t.throttle() != null ? t.throttle() : job.throttle();
                if (store.change(job, t.requested(), t.state(), throttle, null, clock.millis())) {
                    return store.find(jobId).orElseThrow();
                }
            }
            throw new RotationJobException(ErrorCode.ROTATION_JOB_STATE, jobId, "changing", verb);
        });
    }

    private RotationJob audited(Actor actor, String action, Long keyId, String jobId, Map<String, String> details,
                                Work work) throws CryptoException {
        Objects.requireNonNull(actor, "actor");
        RotationJob result;
        try {
            result = work.run();
        } catch (CryptoException e) {
            record(actor, action, e instanceof DutyViolationException ? AuditEvent.Outcome.DENIED
                    : AuditEvent.Outcome.FAILED, keyId, details, e.code().id());
            throw e;
        }
        record(actor, action, AuditEvent.Outcome.SUCCESS, result.keyId(), details, null);
        return result;
    }

    private void record(Actor actor, String action, AuditEvent.Outcome outcome, Long keyId,
                        Map<String, String> details, String error) throws AuditUnavailableException {
        Map<String, String> d = new LinkedHashMap<>(details);
        if (error != null) {
            d.put("error", error);
        }
        AuditEvent e = AuditEvent.now(actor.principal(), AuditEvent.Category.KEY, action, outcome)
                .withTarget(null, keyId == null ? "re-encryption job" : "key " + keyId, null).withDetails(d);
        audit.record(e);
    }

    private static void require(Actor actor, Set<Role> roles, String what) throws DutyViolationException {
        for (Role r : roles) {
            if (actor.has(r)) {
                return;
            }
        }
        throw new DutyViolationException(ErrorCode.KMS_ROLE_REQUIRED, actor.principal(),
                roles.stream().map(Role::id).sorted().toList(), what);
    }

    private static void validate(long keyId, String reason, long throttle) throws RotationJobException {
        if (keyId < 1 || keyId > KeyReference.MAX) {
            throw new RotationJobException(ErrorCode.ROTATION_REQUEST_INVALID, "keyId", "not between 1 and 2^32-1");
        }
        if (reason == null || reason.isBlank() || reason.length() > MAX_REASON
                || reason.chars().anyMatch(Character::isISOControl)) {
            throw new RotationJobException(ErrorCode.ROTATION_REQUEST_INVALID, "reason",
                    "needs 1.." + MAX_REASON + " printable characters");
        }
        if (throttle < 0) {
            throw new RotationJobException(ErrorCode.ROTATION_REQUEST_INVALID, "throttle", "negative");
        }
    }

    /** Builds {@link RotationJobs}; the data source and audit sink are required. */
    public static final class Builder {
        private DataSource dataSource;
        private AuditSink auditSink;
        private KeyCheck keys = (actor, keyId) -> { };
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** The shared database holding the control tables (created on first use). */
        public Builder dataSource(DataSource value) {
            this.dataSource = Objects.requireNonNull(value, "dataSource");
            return this;
        }

        public Builder auditSink(AuditSink value) {
            this.auditSink = Objects.requireNonNull(value, "auditSink");
            return this;
        }

        /** Refuses jobs for keys the KMS does not know (CUSTOS-3001). */
        public Builder keys(CustosKms kms) {
            Objects.requireNonNull(kms, "kms");
            this.keys = (actor, keyId) -> kms.key(actor, keyId);
            return this;
        }

        public Builder keyCheck(KeyCheck value) {
            this.keys = Objects.requireNonNull(value, "keyCheck");
            return this;
        }

        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * @throws RotationJobException CUSTOS-8005 if the control tables cannot be created
         */
        public RotationJobs build() throws RotationJobException {
            Objects.requireNonNull(dataSource, "dataSource");
            Objects.requireNonNull(auditSink, "auditSink");
            return new RotationJobs(JobStore.open(dataSource), auditSink, keys, clock);
        }
    }
}
