package io.custos.admin.internal;

import io.custos.api.error.ErrorCode;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The error page for everything the container answers itself (a token the MP-JWT mechanism refused, an
 * unknown path outside JAX-RS, an exception escaping a filter): problem+json instead of the server's HTML
 * page, and never a stack trace. Mapped in {@code web.xml}.
 */
@WebServlet(name = "custos-problem", urlPatterns = "/problem")
public class ProblemServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(ProblemServlet.class.getName());

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Object code = req.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i ? i : 500;
        Object uri = req.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String path = uri == null ? "-" : uri.toString();
        String method = req.getMethod();
        Throwable error = (Throwable) req.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        String body;
        if (error != null || status >= 500) {
            status = 500;
            String incident = UUID.randomUUID().toString();
            LOG.log(Level.SEVERE, "incident " + incident + " serving " + method + " " + path
                    + (error == null ? "" : ": " + error.getClass().getName()), error);
            body = Problems.json(500, ErrorCode.ADMIN_INTERNAL_ERROR,
                    ErrorCode.ADMIN_INTERNAL_ERROR.format(method, path, incident), path);
        } else if (status == 401) {
            resp.setHeader("WWW-Authenticate", "Bearer realm=\"custos\"");
            body = Problems.json(401, ErrorCode.ADMIN_AUTHENTICATION_REQUIRED,
                    ErrorCode.ADMIN_AUTHENTICATION_REQUIRED.format(method, path,
                            "the token is missing, malformed, expired, or not signed by the trusted issuer"), path);
        } else if (status == 403) {
            body = Problems.json(403, ErrorCode.ADMIN_ROLE_REQUIRED,
                    ErrorCode.ADMIN_ROLE_REQUIRED.format(method, path, "the caller", "listed in docs/admin-api.md"), path);
        } else if (status == 404 || status == 405) {
            body = Problems.json(status, ErrorCode.ADMIN_NOT_FOUND, ErrorCode.ADMIN_NOT_FOUND.format(method, path,
                    status == 404 ? "no such resource" : "method not allowed here"), path);
        } else {
            body = Problems.json(status, ErrorCode.ADMIN_BAD_REQUEST, ErrorCode.ADMIN_BAD_REQUEST.format(method, path,
                    Problems.title(status)), path);
        }
        resp.setStatus(status);
        resp.setContentType(Problems.MEDIA_TYPE);
        resp.setCharacterEncoding("UTF-8");
        resp.setHeader("Cache-Control", "no-store");
        resp.getWriter().write(body);
    }
}
