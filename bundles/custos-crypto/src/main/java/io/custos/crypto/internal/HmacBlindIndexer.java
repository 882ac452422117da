package io.custos.crypto.internal;

import io.custos.api.BlindIndexer;
import io.custos.api.KeyReference;
import io.custos.api.ProtectionContext;
import io.custos.api.error.CryptoException;
import io.custos.api.error.KeyNotFoundException;
import io.custos.api.error.KeyStateException;
import io.custos.spi.DataKey;
import io.custos.spi.DataKeySource;
import io.custos.spi.KeyScope;
import io.custos.spi.KeyUsage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Blind index = the first {@code bits} of HMAC-SHA256(k_column, UTF-8 value), where k_column is derived
 * by HKDF from the tenant's blind-index key for the data class and the column-bound context. Written as
 * {@code b<keyId>v<version>.<base64url>} so an index made under another key version never matches by
 * accident. The data subject is ignored: an index must be searchable without knowing whose row it is.
 */
public final class HmacBlindIndexer implements BlindIndexer {
    static final String LABEL = "custos/v1/blind-index";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final DataKeySource source;
    private final int bits;

    public HmacBlindIndexer(DataKeySource source, int bits) {
        if (bits < 16 || bits > 256 || bits % 8 != 0) {
            throw new IllegalArgumentException("blind index bits must be a multiple of 8 in 16..256: " + bits);
        }
        this.source = source;
        this.bits = bits;
    }

    @Override
    public int bits() {
        return bits;
    }

    @Override
    public String index(String value, ProtectionContext context) throws CryptoException {
        return index(source.encryptionKey(scope(context)), value, context);
    }

    @Override
    public List<String> indexes(String value, ProtectionContext context) throws CryptoException {
        KeyScope scope = scope(context);
        DataKey current = source.encryptionKey(scope);
        String first = index(current, value, context);
        List<KeyReference> versions = source.decryptableVersions(scope);
        if (versions.size() < 2) {
            return List.of(first);
        }
        List<String> out = new ArrayList<>(versions.size());
        out.add(first);
        for (KeyReference ref : versions) {
            if (ref.equals(current.reference())) {
                continue;
            }
            DataKey key;
            try {
                key = source.decryptionKey(ref);
            } catch (KeyStateException | KeyNotFoundException e) {
                continue; // unusable since it was listed: rows indexed under it need a re-index anyway
            }
            out.add(index(key, value, context));
        }
        return out;
    }

    private static KeyScope scope(ProtectionContext context) {
        return new KeyScope(context.tenant(), context.dataClass(), null, KeyUsage.BLIND_INDEX);
    }

    private String index(DataKey key, String value, ProtectionContext context) throws CryptoException {
        ColumnKeyId id = new ColumnKeyId(LABEL, context.tenant(), context.table(), context.column());
        byte[] data = value.getBytes(StandardCharsets.UTF_8);
        try {
            byte[] mac = Hmacs.mac(Hmacs.subkey(key, id, context.associatedData(false)), data, context.columnName());
            return "b" + key.reference().keyId() + "v" + key.reference().version() + "."
                    + B64.encodeToString(Arrays.copyOf(mac, bits / 8));
        } finally {
            Arrays.fill(data, (byte) 0);
        }
    }

    @Override
    public String toString() {
        return "BlindIndexer[HMAC-SHA256/" + bits + "]";
    }
}
