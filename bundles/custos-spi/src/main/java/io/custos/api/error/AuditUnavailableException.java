package io.custos.api.error;

/** The audit store cannot record an event; the operation that needed it fails closed (CUSTOS-5001). */
public class AuditUnavailableException extends CryptoException {
    private static final long serialVersionUID = 1L;

    public AuditUnavailableException(ErrorCode code, Object... args) {
        super(code, args);
    }

    public AuditUnavailableException(ErrorCode code, Throwable safeCause, Object... args) {
        super(code, safeCause, args);
    }
}
