package io.custos.admin.internal;

import io.custos.api.error.AccessDeniedException;
import io.custos.api.error.AuditUnavailableException;
import io.custos.api.error.ConfigurationException;
import io.custos.api.error.CryptoException;
import io.custos.api.error.ErrorCode;
import io.custos.api.error.KeyNotFoundException;
import io.custos.api.error.KeyShreddedException;
import io.custos.api.error.KeyStateException;
import io.custos.api.error.ProviderUnavailableException;
import io.custos.kms.BackupException;
import io.custos.kms.ConcurrentKeyUpdateException;
import io.custos.kms.KeyStoreFailureException;
import io.custos.kms.KmsRequestException;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.Response;

/**
 * RFC 9457 problem details. {@code type} names the numbered error ({@code urn:custos:error:3105}), {@code title}
 * is the HTTP reason, {@code detail} the numbered message ({@code CUSTOS-3105 …}), and {@code code} repeats the
 * number for machines. Messages come from {@link ErrorCode} templates and hold ids and names only.
 */
public final class Problems {
    public static final String MEDIA_TYPE = "application/problem+json";

    private Problems() {
    }

    /** The HTTP status that a KMS, audit or admin error maps to. */
    public static int status(CryptoException e) {
        ErrorCode c = e.code();
        if (e instanceof AccessDeniedException) {
            return 403;
        }
        if (e instanceof KeyNotFoundException || c == ErrorCode.KMS_REQUEST_NOT_FOUND) {
            return 404;
        }
        if (c == ErrorCode.KMS_OUT_OF_BOUNDS || c == ErrorCode.KMS_BACKUP_INVALID) {
            return 400;
        }
        if (e instanceof KeyStoreFailureException || e instanceof AuditUnavailableException
                || e instanceof ProviderUnavailableException || c == ErrorCode.ADMIN_JOBS_UNAVAILABLE) {
            return 503;
        }
        if (e instanceof ConcurrentKeyUpdateException || e instanceof KeyStateException
                || e instanceof KeyShreddedException || e instanceof KmsRequestException
                || e instanceof BackupException || c == ErrorCode.ADMIN_POLICY_CHANGED) {
            return 409;
        }
        if (e instanceof ConfigurationException) {
            return 500;
        }
        return switch (c) {
            case ADMIN_BAD_REQUEST -> 400;
            case ADMIN_NOT_FOUND -> 404;
            case ADMIN_AUTHENTICATION_REQUIRED, ADMIN_TOKEN_REJECTED -> 401;
            case ADMIN_ROLE_REQUIRED -> 403;
            default -> 500;
        };
    }

    public static Response of(CryptoException e, String instance) {
        return of(status(e), e.code(), e.getMessage(), instance);
    }

    /** A problem response for {@code code}, with the formatted message as detail. */
    public static Response of(int status, ErrorCode code, String detail, String instance) {
        Response.ResponseBuilder b = Response.status(status).type(MEDIA_TYPE).entity(json(status, code, detail, instance))
                .header("Cache-Control", "no-store");
        if (status == 401) {
            b.header("WWW-Authenticate", "Bearer realm=\"custos\"");
        }
        return b.build();
    }

    /** The problem document as text. */
    public static String json(int status, ErrorCode code, String detail, String instance) {
        JsonObjectBuilder o = Json.createObjectBuilder()
                .add("type", "urn:custos:error:" + code.number())
                .add("title", title(status))
                .add("status", status)
                .add("detail", detail)
                .add("code", code.id());
        if (instance != null) {
            o.add("instance", instance);
        }
        return o.build().toString();
    }

    static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 406 -> "Not Acceptable";
            case 409 -> "Conflict";
            case 413 -> "Content Too Large";
            case 415 -> "Unsupported Media Type";
            case 503 -> "Service Unavailable";
            default -> status >= 500 ? "Internal Server Error" : "Client Error";
        };
    }
}
