package io.custos.api.error;

import java.security.GeneralSecurityException;

/**
 * The checked root of every Custos failure. Each instance carries a numbered {@link ErrorCode}; its message
 * is that code's template filled with ids and names.
 *
 * <h2>Security guarantees</h2>
 * Messages never contain plaintext, ciphertext or key bytes. Subclasses that report decryption failures
 * never carry a cause, so nothing from inside a cipher provider leaks through the chain.
 */
public class CryptoException extends GeneralSecurityException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    public CryptoException(ErrorCode code, Object... args) {
        super(code.format(args));
        this.code = code;
    }

    /**
     * Use only with causes that are known to carry no secret (an I/O or SQL failure, a provider error
     * without key material).
     */
    public CryptoException(ErrorCode code, Throwable safeCause, Object... args) {
        super(code.format(args), safeCause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
