package io.custos.api.error;

/** A value or ciphertext exceeds the configured size limit (CUSTOS-2005); nothing was processed. */
public class ValueTooLargeException extends CryptoException {
    private static final long serialVersionUID = 1L;

    public ValueTooLargeException(ErrorCode code, Object... args) {
        super(code, args);
    }
}
