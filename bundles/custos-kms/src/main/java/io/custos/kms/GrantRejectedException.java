package io.custos.kms;

import io.custos.api.error.AccessDeniedException;
import io.custos.api.error.ErrorCode;

/** An edge grant is unknown, expired, revoked or used outside its scope (CUSTOS-3110). */
public class GrantRejectedException extends AccessDeniedException {
    private static final long serialVersionUID = 1L;

    public GrantRejectedException(ErrorCode code, Object... args) {
        super(code, args);
    }
}
