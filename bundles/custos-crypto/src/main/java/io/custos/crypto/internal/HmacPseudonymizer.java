package io.custos.crypto.internal;

import io.custos.api.ProtectionContext;
import io.custos.api.Pseudonymizer;
import io.custos.api.error.CryptoException;
import io.custos.spi.DataKey;
import io.custos.spi.DataKeySource;
import io.custos.spi.KeyScope;
import io.custos.spi.KeyUsage;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.Locale;
import org.bouncycastle.util.encoders.Base32;

/**
 * Token = {@code ps_} + base32 of the first 128 bits of HMAC-SHA256(k_purpose, NFC(value)), where
 * k_purpose is derived by HKDF from the tenant's pseudonymisation key for the data class and the purpose.
 * The token names neither key id nor version: two systems sharing the key produce the same tokens even
 * though their key ids differ.
 */
public final class HmacPseudonymizer implements Pseudonymizer {
    static final String LABEL = "custos/v1/pseudonym";
    private static final int TOKEN_BYTES = 16;

    private final DataKeySource source;

    public HmacPseudonymizer(DataKeySource source) {
        this.source = source;
    }

    @Override
    public String token(String value, ProtectionContext context, String purpose) throws CryptoException {
        if (purpose == null || purpose.isBlank()) {
            throw new IllegalArgumentException("a pseudonymisation purpose is required");
        }
        DataKey key = source.encryptionKey(new KeyScope(context.tenant(), context.dataClass(), null, KeyUsage.PSEUDONYM));
        ProtectionContext derivation = ProtectionContext.builder()
                .tenant(context.tenant()).table("PSEUDONYM").column(purpose).build();
        ColumnKeyId id = new ColumnKeyId(LABEL, context.tenant(), context.dataClass().name(), purpose);
        byte[] data = Normalizer.normalize(value, Normalizer.Form.NFC).getBytes(StandardCharsets.UTF_8);
        try {
            byte[] mac = Hmacs.mac(Hmacs.subkey(key, id, derivation.associatedData(false)), data, "pseudonym " + purpose);
            String b32 = Base32.toBase32String(Arrays.copyOf(mac, TOKEN_BYTES));
            return "ps_" + b32.replace("=", "").toLowerCase(Locale.ROOT);
        } finally {
            Arrays.fill(data, (byte) 0);
        }
    }

    @Override
    public String toString() {
        return "Pseudonymizer[HMAC-SHA256/128]";
    }
}
