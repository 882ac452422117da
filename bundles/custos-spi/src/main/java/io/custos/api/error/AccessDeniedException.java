package io.custos.api.error;

/** The caller may not see or use a protected value (CUSTOS-6001). */
public class AccessDeniedException extends CryptoException {
    private static final long serialVersionUID = 1L;

    public AccessDeniedException(ErrorCode code, Object... args) {
        super(code, args);
    }
}
