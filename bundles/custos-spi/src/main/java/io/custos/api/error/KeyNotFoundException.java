package io.custos.api.error;

/** No key with the given id and version exists (CUSTOS-3001). */
public class KeyNotFoundException extends CryptoException {
    private static final long serialVersionUID = 1L;

    public KeyNotFoundException(ErrorCode code, Object... args) {
        super(code, args);
    }
}
