package io.custos.crypto;

import io.custos.api.KeyReference;
import io.custos.api.Secret;
import io.custos.api.error.ErrorCode;
import io.custos.api.error.KeyNotFoundException;
import io.custos.spi.DataKey;
import io.custos.spi.DataKeySource;
import io.custos.spi.KeyScope;
import java.util.HexFormat;

/** One fixed data key for every scope: for known-answer vectors and for two "systems" sharing a key. */
final class FixedKeySource implements DataKeySource {
    private final DataKey key;

    FixedKeySource(String hexKey, KeyReference ref) {
        this.key = new DataKey(ref, Secret.wrapAndWipe(HexFormat.of().parseHex(hexKey)), Long.MAX_VALUE);
    }

    @Override
    public DataKey encryptionKey(KeyScope scope) {
        return key;
    }

    @Override
    public DataKey decryptionKey(KeyReference ref) throws KeyNotFoundException {
        if (!ref.equals(key.reference())) {
            throw new KeyNotFoundException(ErrorCode.KEY_NOT_FOUND, ref);
        }
        return key;
    }

    @Override
    public void budgetSpent(DataKey spent) {
    }
}
