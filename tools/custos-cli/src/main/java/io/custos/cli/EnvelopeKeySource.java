package io.custos.cli;

import io.custos.api.KeyReference;
import io.custos.api.Secret;
import io.custos.api.error.CryptoException;
import io.custos.api.error.ErrorCode;
import io.custos.api.error.KeyNotFoundException;
import io.custos.spi.DataKey;
import io.custos.spi.DataKeySource;
import io.custos.spi.KeyScope;
import io.custos.spi.RootKeyProvider;
import io.custos.spi.SealedKey;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The demo's miniature of the KMS: data keys exist only sealed by the root key; they are unsealed on
 * first use and kept in memory. Shows the envelope; production uses custos-kms.
 */
final class EnvelopeKeySource implements DataKeySource {
    private final RootKeyProvider root;
    private final SecureRandom random = new SecureRandom();
    private final AtomicLong ids = new AtomicLong();
    private final Map<KeyScope, KeyReference> current = new ConcurrentHashMap<>();
    private final Map<KeyReference, SealedKey> sealed = new ConcurrentHashMap<>();
    private final Map<KeyReference, DataKey> unsealed = new ConcurrentHashMap<>();

    EnvelopeKeySource(RootKeyProvider root) {
        this.root = root;
    }

    @Override
    public DataKey encryptionKey(KeyScope scope) throws CryptoException {
        KeyReference ref = current.get(scope);
        if (ref == null) {
            ref = create(new KeyReference(ids.incrementAndGet(), 1));
            current.put(scope, ref);
        }
        return decryptionKey(ref);
    }

    @Override
    public DataKey decryptionKey(KeyReference ref) throws CryptoException {
        DataKey key = unsealed.get(ref);
        if (key == null) {
            SealedKey blob = sealed.get(ref);
            if (blob == null) {
                throw new KeyNotFoundException(ErrorCode.KEY_NOT_FOUND, ref);
            }
            key = new DataKey(ref, root.unseal(blob, ref), 1L << 32);
            unsealed.put(ref, key);
        }
        return key;
    }

    @Override
    public void budgetSpent(DataKey key) throws CryptoException {
        rotate(key.reference());
    }

    KeyReference rotate(KeyReference ref) throws CryptoException {
        KeyReference next = create(ref.next());
        current.replaceAll((scope, cur) -> cur.equals(ref) ? next : cur);
        return next;
    }

    SealedKey sealedForm(KeyReference ref) {
        return sealed.get(ref);
    }

    private KeyReference create(KeyReference ref) throws CryptoException {
        byte[] material = new byte[32];
        random.nextBytes(material);
        try (Secret secret = Secret.wrapAndWipe(material)) {
            sealed.put(ref, root.seal(secret, ref));
        }
        return ref;
    }
}
