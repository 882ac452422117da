package io.custos.admin.spi;

import io.custos.api.error.CryptoException;
import io.custos.kms.Actor;
import java.util.List;
import java.util.Optional;

/**
 * Re-encryption jobs as the admin API drives them: move the data under a key to the key's current version
 * (after a rotation or a compromise), then let a custodian retire the old versions. The rotation module
 * implements this as an {@code @ApplicationScoped} CDI bean deployed with the WAR; the admin API finds it
 * through CDI and never more than one (several is a deployment error).
 *
 * <h2>Security guarantees</h2>
 * The API has checked the caller's role before it calls; implementations check the {@link Actor}'s duties
 * again (starting needs {@code key-custodian}), audit every call through the Custos audit sink, and never put
 * values, ciphertext or key bytes into a {@link JobStatus}.
 */
@org.osgi.annotation.versioning.ConsumerType
public interface ReencryptionJobs {

    /** Every job known to this deployment, newest first. */
    List<JobStatus> jobs();

    /** One job, if known. */
    Optional<JobStatus> job(String jobId);

    /**
     * Starts a job.
     *
     * @throws CryptoException if the actor lacks the role, the key is unknown, or a job for the key runs already
     */
    JobStatus start(Actor actor, JobRequest request) throws CryptoException;

    /**
     * Pauses a running job after its current chunk.
     *
     * @throws CryptoException if the job is unknown or not running
     */
    JobStatus pause(Actor actor, String jobId) throws CryptoException;

    /**
     * Resumes a paused job where it stopped.
     *
     * @throws CryptoException if the job is unknown or not paused
     */
    JobStatus resume(Actor actor, String jobId) throws CryptoException;

    /**
     * Sets the most rows per second a live job may process (0: no limit), applied after the current chunk.
     *
     * @throws CryptoException if the actor lacks the role, the job is unknown or finished, or throttling is not
     *                         supported
     */
    default JobStatus throttle(Actor actor, String jobId, long rowsPerSecond) throws CryptoException {
        throw new CryptoException(io.custos.api.error.ErrorCode.ADMIN_JOBS_UNAVAILABLE,
                "this implementation cannot throttle jobs");
    }

    /**
     * Why jobs cannot be served now (for instance: switched off by configuration), or {@code null} when they can.
     * The API then answers as if no implementation were deployed (CUSTOS-7005 with this reason).
     */
    default String unavailableReason() {
        return null;
    }

    /**
     * Cancels a job; rows already re-encrypted stay under the new version (both versions decrypt).
     *
     * @throws CryptoException if the job is unknown or finished
     */
    JobStatus cancel(Actor actor, String jobId) throws CryptoException;
}
