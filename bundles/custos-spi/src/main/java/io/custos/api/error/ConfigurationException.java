package io.custos.api.error;

/** Configuration or provider selection is wrong; raised at start-up (CUSTOS-1xxx). */
public class ConfigurationException extends CryptoException {
    private static final long serialVersionUID = 1L;

    public ConfigurationException(ErrorCode code, Object... args) {
        super(code, args);
    }

    public ConfigurationException(ErrorCode code, Throwable safeCause, Object... args) {
        super(code, safeCause, args);
    }
}
