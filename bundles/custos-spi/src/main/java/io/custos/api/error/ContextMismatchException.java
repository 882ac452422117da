package io.custos.api.error;

/** The ciphertext's context check does not match the row and column it was read from: the value was copied or moved (CUSTOS-2004). */
public class ContextMismatchException extends DecryptionFailedException {
    private static final long serialVersionUID = 1L;

    public ContextMismatchException(ErrorCode code, Object... args) {
        super(code, args);
    }
}
