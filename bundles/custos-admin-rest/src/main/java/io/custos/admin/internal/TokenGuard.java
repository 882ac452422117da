package io.custos.admin.internal;

import io.custos.api.error.ErrorCode;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import java.security.Principal;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Checks that the container's MP-JWT verification leaves to the application, before any role check: the
 * token's size, its {@code nbf} and {@code iat} against the clock (60 s skew), and that it carries groups.
 * A bearer header that the container did not turn into a verified principal is refused too. Every API
 * response is marked {@code Cache-Control: no-store}.
 *
 * <h2>Security guarantees</h2>
 * Rejections say which check failed, never the token or its claims' values.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class TokenGuard implements ContainerRequestFilter, ContainerResponseFilter {
    /** Longest accepted {@code Authorization} header, in characters. */
    public static final int MAX_TOKEN_CHARS = 8192;
    static final long SKEW_SECONDS = 60;

    @Override
    public void filter(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        Principal principal = request.getSecurityContext() == null ? null
                : request.getSecurityContext().getUserPrincipal();
        if (header != null && header.length() > MAX_TOKEN_CHARS) {
            reject(request, "it is longer than " + MAX_TOKEN_CHARS + " characters");
            return;
        }
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) && principal == null) {
            reject(request, "it was not verified");
            return;
        }
        if (principal instanceof JsonWebToken jwt) {
            long now = System.currentTimeMillis() / 1000;
            Long nbf = seconds(jwt.getClaim("nbf"));
            Long iat = seconds(jwt.getClaim("iat"));
            if (nbf != null && nbf > now + SKEW_SECONDS) {
                reject(request, "it is not valid yet (nbf)");
            } else if (iat != null && iat > now + SKEW_SECONDS) {
                reject(request, "it was issued in the future (iat)");
            } else if (jwt.getExpirationTime() > 0 && jwt.getExpirationTime() < now - SKEW_SECONDS) {
                reject(request, "it has expired");
            } else {
                Set<String> groups = jwt.getGroups();
                if (groups == null || groups.isEmpty()) {
                    reject(request, "it carries no groups claim");
                }
            }
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        response.getHeaders().putSingle("Cache-Control", "no-store");
        response.getHeaders().putSingle("X-Content-Type-Options", "nosniff");
    }

    private static void reject(ContainerRequestContext request, String why) {
        String path = request.getUriInfo().getRequestUri().getRawPath();
        request.abortWith(Problems.of(401, ErrorCode.ADMIN_TOKEN_REJECTED, ErrorCode.ADMIN_TOKEN_REJECTED.format(why),
                path));
    }

    private static Long seconds(Object claim) {
        if (claim instanceof Number n) {
            return n.longValue();
        }
        if (claim instanceof jakarta.json.JsonNumber n) {
            return n.longValue();
        }
        return null;
    }
}
