package io.custos.api.error;

/** The key was destroyed on purpose (crypto-shredding): the data is gone by design, and callers show it as such (CUSTOS-3003). */
public class KeyShreddedException extends KeyStateException {
    private static final long serialVersionUID = 1L;

    public KeyShreddedException(ErrorCode code, Object... args) {
        super(code, args);
    }
}
