package io.custos.admin.internal;

import io.custos.admin.Roles;
import io.custos.admin.spi.JobRequest;
import io.custos.admin.spi.JobStatus;
import io.custos.admin.spi.ReencryptionJobs;
import io.custos.api.error.CryptoException;
import io.custos.api.error.ErrorCode;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.metrics.annotation.Timed;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Re-encryption jobs: a thin seam over {@link ReencryptionJobs}, which the rotation module implements
 * ({@link RotationJobsBean} in this WAR, switched on by {@code custos.rotation.enabled=true}). Without an
 * implementation, or with one switched off, the list says {@code available: false} and every other call answers
 * 503 with CUSTOS-7005. Rotation errors (CUSTOS-80xx) map to 404/409/400 in {@link RotationProblems}.
 */
@Path("jobs")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "jobs", description = "re-encryption jobs (provided by custos-rotation)")
@Timed(name = "custos_admin_jobs", absolute = true, description = "time spent in the jobs resource")
public class JobsResource extends ResourceBase {
    /** The highest throttle accepted (rows per second); above it a limit means nothing on one database. */
    static final long MAX_THROTTLE = 1_000_000;
    static final String MISSING = "no custos-rotation implementation of io.custos.admin.spi.ReencryptionJobs is deployed";

    @Inject
    Instance<ReencryptionJobs> implementations;

    @GET
    @RolesAllowed({Roles.AUDITOR, Roles.KEY_CUSTODIAN, Roles.SECURITY_OFFICER})
    @Operation(summary = "every job with its progress, or available=false when no rotation module is deployed")
    public Dto.JobsView list() throws CryptoException {
        if (implementations.isUnsatisfied()) {
            return new Dto.JobsView(false, MISSING, List.of());
        }
        if (!implementations.isAmbiguous() && implementations.get().unavailableReason() != null) {
            return new Dto.JobsView(false, implementations.get().unavailableReason(), List.of());
        }
        return new Dto.JobsView(true, null, jobs().jobs());
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.AUDITOR, Roles.KEY_CUSTODIAN, Roles.SECURITY_OFFICER})
    @Operation(summary = "one job's progress")
    public JobStatus get(@PathParam("id") String id) throws CryptoException {
        return jobs().job(id).orElseThrow(() -> notFound("no job " + id));
    }

    @POST
    @RolesAllowed(Roles.KEY_CUSTODIAN)
    @Operation(summary = "start re-encrypting the data under a key to its current version")
    public JobStatus start(JobStartBody body) throws CryptoException {
        required(body, "body");
        long throttle = body.throttle() == null ? 0 : body.throttle();
        String problem = throttleProblem("throttle", throttle);
        if (problem != null) {
            throw bad(problem);
        }
        JobRequest request = new JobRequest(required(body.keyId(), "keyId"), reason(body.reason()), throttle);
        return jobs().start(actor(), request);
    }

    @POST
    @Path("{id}/pause")
    @RolesAllowed({Roles.KEY_CUSTODIAN, Roles.SECURITY_OFFICER})
    @Operation(summary = "pause a running job")
    public JobStatus pause(@PathParam("id") String id) throws CryptoException {
        return jobs().pause(actor(), id);
    }

    @POST
    @Path("{id}/resume")
    @RolesAllowed(Roles.KEY_CUSTODIAN)
    @Operation(summary = "resume a paused job")
    public JobStatus resume(@PathParam("id") String id) throws CryptoException {
        return jobs().resume(actor(), id);
    }

    @POST
    @Path("{id}/cancel")
    @RolesAllowed({Roles.KEY_CUSTODIAN, Roles.SECURITY_OFFICER})
    @Operation(summary = "cancel a job")
    public JobStatus cancel(@PathParam("id") String id) throws CryptoException {
        return jobs().cancel(actor(), id);
    }

    @POST
    @Path("{id}/throttle")
    @RolesAllowed({Roles.KEY_CUSTODIAN, Roles.SECURITY_OFFICER})
    @Operation(summary = "change the most rows per second of a live job (0: no limit); applies after the current chunk")
    public JobStatus throttle(@PathParam("id") String id, JobThrottleBody body) throws CryptoException {
        required(body, "body");
        String problem = throttleProblem("rowsPerSecond", required(body.rowsPerSecond(), "rowsPerSecond"));
        if (problem != null) {
            throw bad(problem);
        }
        return jobs().throttle(actor(), id, body.rowsPerSecond());
    }

    /** Why a throttle value is refused (CUSTOS-7003), or {@code null}. */
    static String throttleProblem(String field, long rowsPerSecond) {
        return rowsPerSecond < 0 || rowsPerSecond > MAX_THROTTLE
                ? "field " + field + " must be 0 (no limit) to " + MAX_THROTTLE + " rows per second" : null;
    }

    private ReencryptionJobs jobs() throws CryptoException {
        if (implementations.isUnsatisfied()) {
            throw new CryptoException(ErrorCode.ADMIN_JOBS_UNAVAILABLE, MISSING);
        }
        if (implementations.isAmbiguous()) {
            throw new CryptoException(ErrorCode.ADMIN_JOBS_UNAVAILABLE,
                    "several implementations of io.custos.admin.spi.ReencryptionJobs are deployed; refusing to choose");
        }
        ReencryptionJobs jobs = implementations.get();
        if (jobs.unavailableReason() != null) {
            throw new CryptoException(ErrorCode.ADMIN_JOBS_UNAVAILABLE, jobs.unavailableReason());
        }
        return jobs;
    }
}
