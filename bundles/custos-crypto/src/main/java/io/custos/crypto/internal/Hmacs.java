package io.custos.crypto.internal;

import io.custos.api.error.CryptoException;
import io.custos.api.error.ErrorCode;
import io.custos.spi.DataKey;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 under subkeys derived from data keys; one reused {@link Mac} per thread. */
final class Hmacs {
    private static final ThreadLocal<Mac> MAC = ThreadLocal.withInitial(Hmacs::newMac);

    private Hmacs() {
    }

    /** The HMAC key for {@code id}, derived once per data key and cached with it. */
    static SecretKeySpec subkey(DataKey key, ColumnKeyId id, byte[] derivationContext) {
        return key.derive(id, k -> {
            byte[] derived = Hkdf.derive(k, id.label(), derivationContext, 32);
            try {
                return new SecretKeySpec(derived, "HmacSHA256");
            } finally {
                Arrays.fill(derived, (byte) 0);
            }
        });
    }

    static byte[] mac(SecretKeySpec key, byte[] data, String where) throws CryptoException {
        try {
            Mac mac = MAC.get();
            mac.init(key);
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new CryptoException(ErrorCode.ENCRYPTION_FAILED, where, "HMAC key", e.getClass().getSimpleName());
        }
    }

    private static Mac newMac() {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK provides no HmacSHA256", e);
        }
    }
}
