package io.custos.crypto.internal;

import io.custos.api.EncryptionMode;
import io.custos.api.FieldProtector;
import io.custos.api.KeyReference;
import io.custos.api.OpenedValue;
import io.custos.api.ProtectionContext;
import io.custos.api.error.CryptoException;
import io.custos.api.error.ErrorCode;
import io.custos.api.error.MalformedCiphertextException;
import io.custos.api.error.ValueTooLargeException;
import io.custos.crypto.CiphertextFormat;
import io.custos.crypto.CiphertextFormat.Algorithm;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** A {@link FieldProtector} for one mode over the shared engine; text is UTF-8 in the text encoding. */
public final class ModeProtector implements FieldProtector {
    private final ProtectionEngine engine;
    private final EncryptionMode mode;
    private final Algorithm algorithm;
    private final int maxTextLength;

    public ModeProtector(ProtectionEngine engine, EncryptionMode mode) {
        this.engine = engine;
        this.mode = mode;
        this.algorithm = mode == EncryptionMode.RANDOMIZED ? Algorithm.AES_256_GCM : Algorithm.AES_256_SIV;
        this.maxTextLength = CiphertextFormat.textLength(engine.maxValueBytes(), Algorithm.AES_256_GCM);
    }

    @Override
    public EncryptionMode mode() {
        return mode;
    }

    @Override
    public byte[] encrypt(byte[] plaintext, ProtectionContext context) throws CryptoException {
        return engine.encrypt(algorithm, plaintext, context);
    }

    @Override
    public byte[] decrypt(byte[] ciphertext, ProtectionContext context) throws CryptoException {
        return engine.decrypt(ciphertext, context).value();
    }

    @Override
    public String encryptText(String plaintext, ProtectionContext context) throws CryptoException {
        byte[] bytes = plaintext.getBytes(StandardCharsets.UTF_8);
        try {
            return CiphertextFormat.toText(engine.encrypt(algorithm, bytes, context));
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    @Override
    public String decryptText(String ciphertext, ProtectionContext context) throws CryptoException {
        return openText(ciphertext, context, false).value();
    }

    @Override
    public OpenedValue<String> openText(String stored, ProtectionContext context, boolean acceptLegacy) throws CryptoException {
        if (stored == null || !CiphertextFormat.isCiphertextText(stored) || stored.length() > maxTextLength) {
            return notCiphertext(stored, context, acceptLegacy);
        }
        return engine.decryptText(CiphertextFormat.fromText(stored, context.columnName()), context);
    }

    /** Legacy plaintext (where accepted), or the numbered error for what cannot be ciphertext text. */
    private OpenedValue<String> notCiphertext(String stored, ProtectionContext context, boolean acceptLegacy)
            throws CryptoException {
        String column = context.columnName();
        if (stored != null && CiphertextFormat.isCiphertextText(stored)) {
            throw new ValueTooLargeException(ErrorCode.VALUE_TOO_LARGE, column, stored.length(), maxTextLength);
        }
        if (acceptLegacy && stored != null) {
            return new OpenedValue<>(stored, null);
        }
        if (stored == null || stored.isEmpty()) {
            throw new MalformedCiphertextException(ErrorCode.NOT_CIPHERTEXT, column, "empty");
        }
        throw new MalformedCiphertextException(ErrorCode.LEGACY_PLAINTEXT_REFUSED, column);
    }

    @Override
    public List<byte[]> equalityTerms(byte[] plaintext, ProtectionContext context) throws CryptoException {
        return engine.equalityTerms(algorithm, plaintext, context);
    }

    @Override
    public List<String> equalityTermsText(String plaintext, ProtectionContext context) throws CryptoException {
        byte[] bytes = plaintext.getBytes(StandardCharsets.UTF_8);
        try {
            List<byte[]> terms = engine.equalityTerms(algorithm, bytes, context);
            String[] out = new String[terms.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = CiphertextFormat.toText(terms.get(i));
            }
            return List.of(out);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    @Override
    public boolean severalVersions(ProtectionContext context) throws CryptoException {
        return engine.severalVersions(context);
    }

    @Override
    public Optional<KeyReference> currentKey(ProtectionContext context) throws CryptoException {
        return Optional.of(engine.currentKey(context));
    }

    @Override
    public String toString() {
        return "FieldProtector[" + mode + ", " + algorithm + "]";
    }
}
