package io.custos.rotation;

import io.custos.api.error.CryptoException;
import io.custos.api.error.ErrorCode;

/**
 * A re-encryption job request refused or failed: a live job for the key exists (CUSTOS-8001), no such job
 * (8002), the job's state forbids the change (8003), an invalid request (8004), the control tables failed (8005).
 * Messages carry ids, states and SQL states only.
 */
public class RotationJobException extends CryptoException {
    private static final long serialVersionUID = 1L;

    public RotationJobException(ErrorCode code, Object... args) {
        super(code, args);
    }
}
