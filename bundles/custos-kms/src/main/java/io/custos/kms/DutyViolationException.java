package io.custos.kms;

import io.custos.api.error.AccessDeniedException;
import io.custos.api.error.ErrorCode;

/** The actor lacks the role for an operation, or would both request and approve it (CUSTOS-3105, 3106). */
public class DutyViolationException extends AccessDeniedException {
    private static final long serialVersionUID = 1L;

    public DutyViolationException(ErrorCode code, Object... args) {
        super(code, args);
    }
}
