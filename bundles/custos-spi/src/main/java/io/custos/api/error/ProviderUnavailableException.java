package io.custos.api.error;

/** A root-key provider (HSM, keystore) cannot be reached or refused an operation (CUSTOS-4001, 4002, 4003). */
public class ProviderUnavailableException extends CryptoException {
    private static final long serialVersionUID = 1L;

    public ProviderUnavailableException(ErrorCode code, Object... args) {
        super(code, args);
    }

    public ProviderUnavailableException(ErrorCode code, Throwable safeCause, Object... args) {
        super(code, safeCause, args);
    }
}
