package io.custos.admin.internal;

import io.custos.api.DataClass;
import io.custos.api.error.CryptoException;
import io.custos.api.error.ErrorCode;
import io.custos.kms.Actor;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.UriInfo;
import java.util.Locale;
import java.util.regex.Pattern;

/** What every resource needs: the caller, the services, and input checks that fail with CUSTOS-7003. */
abstract class ResourceBase {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}");

    @Inject
    Caller caller;
    @Inject
    AdminRuntime runtime;
    @Context
    UriInfo uri;
    @Context
    Request request;

    Actor actor() {
        return caller.actor();
    }

    CryptoException bad(String what) {
        return new CryptoException(ErrorCode.ADMIN_BAD_REQUEST, request.getMethod(), ProblemMappers.path(uri), what);
    }

    CryptoException notFound(String what) {
        return new CryptoException(ErrorCode.ADMIN_NOT_FOUND, request.getMethod(), ProblemMappers.path(uri), what);
    }

    <T> T required(T value, String field) throws CryptoException {
        if (value == null) {
            throw bad("field " + field + " is required");
        }
        return value;
    }

    /** A tenant, device or subject name: 1..128 of letters, digits and {@code . _ : @ -}. */
    String name(String value, String field) throws CryptoException {
        if (value == null || !NAME.matcher(value).matches()) {
            throw bad("field " + field + " must be 1..128 letters, digits or . _ : @ -");
        }
        return value;
    }

    DataClass dataClass(String value) throws CryptoException {
        try {
            return DataClass.valueOf(required(value, "dataClass").trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw bad("dataClass must be one of " + java.util.Arrays.toString(DataClass.values()));
        }
    }

    String reason(String value) throws CryptoException {
        if (value == null || value.isBlank() || value.length() > 500
                || value.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n')) {
            throw bad("field reason must be 1..500 printable characters");
        }
        return value.strip();
    }
}
