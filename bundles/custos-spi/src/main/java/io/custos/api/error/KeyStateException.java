package io.custos.api.error;

/** A key exists but its lifecycle state forbids the operation, e.g. a deactivated key asked to encrypt (CUSTOS-3002, 3004). */
public class KeyStateException extends CryptoException {
    private static final long serialVersionUID = 1L;

    public KeyStateException(ErrorCode code, Object... args) {
        super(code, args);
    }
}
