package io.custos.kms;

import io.custos.api.error.CryptoException;
import io.custos.api.error.ErrorCode;

/** A backup cannot be opened or restored (CUSTOS-3111, 3112, 3113). */
public class BackupException extends CryptoException {
    private static final long serialVersionUID = 1L;

    public BackupException(ErrorCode code, Object... args) {
        super(code, args);
    }
}
