package io.custos.crypto.internal;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * Fresh random bytes from one {@link SecureRandom} per thread, so threads never contend on a shared
 * generator's lock. Each instance seeds itself from the operating system.
 */
final class Nonces {
    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(Nonces::newRandom);

    private Nonces() {
    }

    static byte[] bytes(int len) {
        byte[] out = new byte[len];
        RANDOM.get().nextBytes(out);
        return out;
    }

    private static SecureRandom newRandom() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }
}
