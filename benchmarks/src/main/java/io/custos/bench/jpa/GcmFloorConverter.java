package io.custos.bench.jpa;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The floor of per-field encryption, written only for the benchmark: AES-256-GCM with one reused
 * {@link Cipher} per thread, a random nonce, Base64 text, a fixed associated-data label; no policy, no
 * key lookup, no header, no row binding. Not for production.
 */
@Converter
public class GcmFloorConverter implements AttributeConverter<String, String> {
    private static final SecretKey KEY;
    private static final byte[] AAD = "BENCH_ROW".getBytes(StandardCharsets.US_ASCII);
    private static final ThreadLocal<Cipher> CIPHER = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    });
    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(SecureRandom::new);

    static {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        KEY = new SecretKeySpec(k, "AES");
    }

    @Override
    public String convertToDatabaseColumn(String value) {
        if (value == null) {
            return null;
        }
        try {
            byte[] nonce = new byte[12];
            RANDOM.get().nextBytes(nonce);
            Cipher c = CIPHER.get();
            c.init(Cipher.ENCRYPT_MODE, KEY, new GCMParameterSpec(128, nonce));
            c.updateAAD(AAD);
            byte[] pt = value.getBytes(StandardCharsets.UTF_8);
            byte[] out = new byte[12 + c.getOutputSize(pt.length)];
            System.arraycopy(nonce, 0, out, 0, 12);
            c.doFinal(pt, 0, pt.length, out, 12);
            return Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    @Override
    public String convertToEntityAttribute(String stored) {
        if (stored == null) {
            return null;
        }
        try {
            byte[] in = Base64.getDecoder().decode(stored);
            Cipher c = CIPHER.get();
            c.init(Cipher.DECRYPT_MODE, KEY, new GCMParameterSpec(128, in, 0, 12));
            c.updateAAD(AAD);
            return new String(c.doFinal(in, 12, in.length - 12), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("decryption failed");
        }
    }
}
