package io.custos.kms;

import io.custos.api.error.KeyStateException;
import io.custos.api.error.ErrorCode;

/** A lifecycle transition that the KMIP / SP 800-57 table forbids (CUSTOS-3102). */
public class IllegalKeyTransitionException extends KeyStateException {
    private static final long serialVersionUID = 1L;

    public IllegalKeyTransitionException(ErrorCode code, Object... args) {
        super(code, args);
    }
}
