package io.custos.api.error;

/** Authentication of a ciphertext failed: tampered bytes, a wrong context or a wrong key look the same (CUSTOS-2003). Never has a cause. */
public class DecryptionFailedException extends CryptoException {
    private static final long serialVersionUID = 1L;

    public DecryptionFailedException(ErrorCode code, Object... args) {
        super(code, args);
    }
}
