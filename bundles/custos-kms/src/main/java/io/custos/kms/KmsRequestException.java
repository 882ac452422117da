package io.custos.kms;

import io.custos.api.error.CryptoException;
import io.custos.api.error.ErrorCode;

/** A destruction request or restore ceremony is unknown, in the wrong state, or lacks its quorum (CUSTOS-3107, 3108, 3109, 3113). */
public class KmsRequestException extends CryptoException {
    private static final long serialVersionUID = 1L;

    public KmsRequestException(ErrorCode code, Object... args) {
        super(code, args);
    }
}
