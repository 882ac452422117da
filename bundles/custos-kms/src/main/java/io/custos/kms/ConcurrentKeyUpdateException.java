package io.custos.kms;

import io.custos.api.error.CryptoException;
import io.custos.api.error.ErrorCode;

/** Another operation changed the same key or request first; this one changed nothing (CUSTOS-3101). */
public class ConcurrentKeyUpdateException extends CryptoException {
    private static final long serialVersionUID = 1L;

    public ConcurrentKeyUpdateException(ErrorCode code, Object... args) {
        super(code, args);
    }
}
