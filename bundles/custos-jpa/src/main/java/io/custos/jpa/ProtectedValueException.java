package io.custos.jpa;

import io.custos.api.error.CryptoException;
import io.custos.api.error.ErrorCode;
import jakarta.persistence.PersistenceException;

/**
 * The JPA-facing form of a Custos failure: a protected field could not be read or written, or a query
 * was refused. Its message is a numbered template naming entity, field and row (never the value); the
 * engine's exception, which carries ids and names only, is its cause.
 *
 * <h2>Security guarantees</h2>
 * Neither the message nor the cause chain contains plaintext, ciphertext or key material.
 */
public class ProtectedValueException extends PersistenceException {
    private static final long serialVersionUID = 1L;

    private final transient ErrorCode code;

    public ProtectedValueException(ErrorCode code, Object... args) {
        super(code.format(args));
        this.code = code;
    }

    public ProtectedValueException(ErrorCode code, CryptoException cause, Object... args) {
        super(code.format(args), cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    /** The engine's error code when this wraps one (e.g. CUSTOS-2003 for tampering), else {@link #code()}. */
    public ErrorCode rootCode() {
        return getCause() instanceof CryptoException c ? c.code() : code;
    }
}
