package io.custos.kms;

import io.custos.api.error.CryptoException;
import io.custos.api.error.ErrorCode;

/**
 * The key store's database failed; the transaction was rolled back, so the store is unchanged
 * (CUSTOS-3104). The driver's exception is deliberately not attached: its message may quote bind values.
 */
public class KeyStoreFailureException extends CryptoException {
    private static final long serialVersionUID = 1L;

    private final String sqlState;

    public KeyStoreFailureException(String operation, String sqlState) {
        super(ErrorCode.KMS_STORE_FAILED, operation, sqlState == null ? "none" : sqlState);
        this.sqlState = sqlState;
    }

    /** The SQL state reported by the driver, or {@code null}. */
    public String sqlState() {
        return sqlState;
    }
}
