package io.custos.admin.internal;

import io.custos.api.error.CryptoException;
import io.custos.api.error.ErrorCode;
import io.custos.kms.Role;
import io.custos.spi.AuditEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Turns every failure inside JAX-RS into problem+json; none carries a stack trace or a value. */
public final class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class.getName());

    private ProblemMappers() {
    }

    static String path(UriInfo uri) {
        return uri == null ? "-" : uri.getRequestUri().getRawPath();
    }

    /** KMS, audit and admin errors: the status follows {@link Problems#status(CryptoException)}. */
    @Provider
    @ApplicationScoped
    public static class Crypto implements ExceptionMapper<CryptoException> {
        @Context
        UriInfo uri;

        @Override
        public Response toResponse(CryptoException e) {
            int status = Problems.status(e);
            if (status >= 500) {
                LOG.warning(e.getMessage());
            }
            return Problems.of(e, path(uri));
        }
    }

    /**
     * JAX-RS errors (unknown path, wrong method, unreadable body, missing role). A missing role is audited as
     * a denied {@code ADMIN} event; a request without a verified token gets 401.
     */
    @Provider
    @ApplicationScoped
    public static class Web implements ExceptionMapper<WebApplicationException> {
        @Context
        UriInfo uri;
        @Context
        SecurityContext security;
        @Context
        jakarta.ws.rs.core.Request request;
        @Context
        jakarta.ws.rs.container.ResourceInfo resource;
        @Inject
        AdminRuntime runtime;

        @Override
        public Response toResponse(WebApplicationException e) {
            int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
            String method = request == null ? "-" : request.getMethod();
            String path = path(uri);
            boolean anonymous = security == null || security.getUserPrincipal() == null;
            if (status == 401 || (status == 403 && anonymous)) {
                return Problems.of(401, ErrorCode.ADMIN_AUTHENTICATION_REQUIRED,
                        ErrorCode.ADMIN_AUTHENTICATION_REQUIRED.format(method, path, "none was presented or it was rejected"),
                        path);
            }
            if (status == 403) {
                String name = String.valueOf(security.getUserPrincipal().getName());
                // the name comes from the token: bound its length wherever it is repeated
                String principal = name.length() > 128 ? name.substring(0, 128) : name;
                auditDenial(principal, method, path);
                return Problems.of(403, ErrorCode.ADMIN_ROLE_REQUIRED, ErrorCode.ADMIN_ROLE_REQUIRED.format(method, path,
                        principal, allowedRoles()), path);
            }
            if (status == 404 || status == 405) {
                return Problems.of(status, ErrorCode.ADMIN_NOT_FOUND, ErrorCode.ADMIN_NOT_FOUND.format(method, path,
                        status == 404 ? "no such resource" : "method not allowed here"), path);
            }
            if (status >= 500) {
                return Internal.incident(e, method, path);
            }
            return Problems.of(status, ErrorCode.ADMIN_BAD_REQUEST, ErrorCode.ADMIN_BAD_REQUEST.format(method, path,
                    "the request body or parameters cannot be read (" + Problems.title(status) + ")"), path);
        }

        private void auditDenial(String principal, String method, String path) {
            try {
                runtime.audit().record(AuditEvent.now(principal, AuditEvent.Category.ADMIN, "http-denied",
                                AuditEvent.Outcome.DENIED)
                        .withTarget(null, method + " " + path, null)
                        .withDetails(Map.of("roles", rolesOf())));
            } catch (CryptoException | RuntimeException ex) {
                LOG.warning("denial of " + method + " " + path + " could not be audited: " + ex.getClass().getSimpleName());
            }
        }

        private String allowedRoles() {
            java.lang.reflect.Method m = resource == null ? null : resource.getResourceMethod();
            jakarta.annotation.security.RolesAllowed allowed = m == null ? null
                    : m.getAnnotation(jakarta.annotation.security.RolesAllowed.class);
            return allowed == null ? "listed in docs/admin-api.md" : String.join(", ", allowed.value());
        }

        private String rolesOf() {
            StringBuilder out = new StringBuilder();
            for (Role r : Role.values()) {
                if (security.isUserInRole(r.id())) {
                    out.append(out.length() == 0 ? "" : ",").append(r.id());
                }
            }
            return out.length() == 0 ? "none" : out.toString();
        }
    }

    /** Anything else: 500 with an incident id; the stack trace goes to the server log only. */
    @Provider
    @ApplicationScoped
    public static class Internal implements ExceptionMapper<Throwable> {
        @Context
        UriInfo uri;
        @Context
        jakarta.ws.rs.core.Request request;

        @Override
        public Response toResponse(Throwable e) {
            String method = request == null ? "-" : request.getMethod();
            String path = path(uri);
            if (e instanceof jakarta.json.bind.JsonbException || e instanceof jakarta.json.JsonException
                    || e instanceof jakarta.ws.rs.ProcessingException || e instanceof IllegalArgumentException
                    || e instanceof java.time.DateTimeException) {
                // Parser and record-constructor messages may quote the input: say only what kind of input failed.
                return Problems.of(400, ErrorCode.ADMIN_BAD_REQUEST, ErrorCode.ADMIN_BAD_REQUEST.format(method, path,
                        "a value in the request is missing, malformed or out of range"), path);
            }
            return incident(e, method, path);
        }

        static Response incident(Throwable e, String method, String path) {
            String incident = UUID.randomUUID().toString();
            LOG.log(Level.SEVERE, "incident " + incident + " serving " + method + " " + path + ": "
                    + e.getClass().getName(), e);
            return Problems.of(500, ErrorCode.ADMIN_INTERNAL_ERROR,
                    ErrorCode.ADMIN_INTERNAL_ERROR.format(method, path, incident), path);
        }
    }
}
