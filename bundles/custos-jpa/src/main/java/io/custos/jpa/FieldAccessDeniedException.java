package io.custos.jpa;

import io.custos.api.error.ErrorCode;

/**
 * A caller without a plaintext role read a field whose policy says {@code whenDenied: REFUSE}
 * (CUSTOS-6002), or asked for an export it may not make (CUSTOS-6003). The denial is audited.
 */
public class FieldAccessDeniedException extends ProtectedValueException {
    private static final long serialVersionUID = 1L;

    public FieldAccessDeniedException(ErrorCode code, Object... args) {
        super(code, args);
    }
}
