package io.custos.admin.internal;

import io.custos.rotation.RotationJobException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * RFC 9457 problems for the rotation module's numbered errors: unknown job 404, a live job for the key or a state
 * that forbids the change 409, an invalid request 400, the control tables down 503.
 */
@Provider
@ApplicationScoped
public class RotationProblems implements ExceptionMapper<RotationJobException> {
    @Context
    UriInfo uri;

    static int status(RotationJobException e) {
        return switch (e.code()) {
            case ROTATION_JOB_NOT_FOUND -> 404;
            case ROTATION_JOB_RUNNING, ROTATION_JOB_STATE -> 409;
            case ROTATION_REQUEST_INVALID -> 400;
            case ROTATION_STORE_FAILED, ROTATION_ENVIRONMENT_MISSING -> 503;
            default -> 500;
        };
    }

    @Override
    public Response toResponse(RotationJobException e) {
        return Problems.of(status(e), e.code(), e.getMessage(), ProblemMappers.path(uri));
    }
}
