package io.custos.rotation;

import io.custos.api.KeyReference;
import io.custos.api.Secret;
import io.custos.api.error.CryptoException;
import io.custos.api.error.ErrorCode;
import io.custos.api.error.KeyNotFoundException;
import io.custos.spi.DataKey;
import io.custos.spi.DataKeySource;
import io.custos.spi.KeyScope;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A test key source whose keys are derived from a fixed seed, so that separate JVMs (the crash test's children)
 * hold the same keys without a KMS. Key id = 100 x (usage + 1) + data class; versions rotate by hand. Not for production.
 */
public final class SeededKeySource implements DataKeySource {
    private final Map<Long, Long> current = new ConcurrentHashMap<>();
    private final Map<KeyReference, DataKey> keys = new ConcurrentHashMap<>();
    private final long initialVersion;

    public SeededKeySource(long initialVersion) {
        this.initialVersion = initialVersion;
    }

    public static long keyId(KeyScope scope) {
        return 100L * (scope.usage().ordinal() + 1) + scope.dataClass().ordinal();
    }

    @Override
    public DataKey encryptionKey(KeyScope scope) {
        long id = keyId(scope);
        return key(new KeyReference(id, current.computeIfAbsent(id, this::initial)));
    }

    @Override
    public DataKey decryptionKey(KeyReference ref) throws CryptoException {
        if (ref.version() > current.getOrDefault(ref.keyId(), initial(ref.keyId()))) {
            throw new KeyNotFoundException(ErrorCode.KEY_NOT_FOUND, ref);
        }
        return key(ref);
    }

    /** Every version from the current one down to 1, as a KMS lists those that still decrypt. */
    @Override
    public java.util.List<KeyReference> decryptableVersions(KeyScope scope) {
        long id = keyId(scope);
        long cur = current.computeIfAbsent(id, this::initial);
        java.util.List<KeyReference> out = new java.util.ArrayList<>();
        for (long v = cur; v >= 1; v--) {
            out.add(new KeyReference(id, v));
        }
        return out;
    }

    @Override
    public void budgetSpent(DataKey key) {
        rotate(key.reference().keyId());
    }

    /** Makes the next version current; returns it. */
    public KeyReference rotate(long keyId) {
        long v = current.merge(keyId, initial(keyId) + 1, (a, b) -> a + 1);
        return new KeyReference(keyId, v);
    }

    /** Field-encryption keys (ids 100..199) start at the given version, blind-index and pseudonym keys at 1. */
    private long initial(long keyId) {
        return keyId < 200 ? initialVersion : 1;
    }

    public boolean knows(long keyId) {
        return current.containsKey(keyId);
    }

    private DataKey key(KeyReference ref) {
        return keys.computeIfAbsent(ref, r -> {
            try {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                sha.update("custos-rotation-test-seed".getBytes(StandardCharsets.US_ASCII));
                sha.update(ByteBuffer.allocate(16).putLong(r.keyId()).putLong(r.version()).array());
                return new DataKey(r, Secret.wrapAndWipe(sha.digest()), 1L << 32);
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
