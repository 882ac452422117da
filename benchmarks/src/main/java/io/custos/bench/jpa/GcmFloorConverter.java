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
 *
 * <p>With {@code -Dbench.floor=custos-format} it writes and reads Custos's text format instead — the
 * {@code $cu1$} prefix, a 15-byte header before the nonce, 77 bytes of associated data (header and a
 * fixed 62-byte context) — and still nothing else Custos does (no key lookup, no row binding, no checks,
 * no wiping): it tells how much of Custos's cost over the floor is the format itself.
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
    private static final boolean CUSTOS_FORMAT = "custos-format".equals(System.getProperty("bench.floor"));
    private static final int HEADER = 15;
    private static final byte[] CONTEXT = new byte[62];
    private static final ThreadLocal<byte[]> FORMAT_AAD = ThreadLocal.withInitial(() -> new byte[HEADER + CONTEXT.length]);

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
        if (CUSTOS_FORMAT) {
            return formatEncrypt(value);
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
        if (CUSTOS_FORMAT) {
            return formatDecrypt(stored);
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

    private static String formatEncrypt(String value) {
        try {
            byte[] pt = value.getBytes(StandardCharsets.UTF_8);
            byte[] out = new byte[HEADER + 12 + pt.length + 16];
            out[0] = (byte) 0xCE;
            byte[] nonce = new byte[12];
            RANDOM.get().nextBytes(nonce);
            System.arraycopy(nonce, 0, out, HEADER, 12);
            Cipher c = CIPHER.get();
            c.init(Cipher.ENCRYPT_MODE, KEY, new GCMParameterSpec(128, out, HEADER, 12));
            c.updateAAD(formatAad(out), 0, HEADER + CONTEXT.length);
            c.doFinal(pt, 0, pt.length, out, HEADER + 12);
            return "$cu1$" + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    private static String formatDecrypt(String stored) {
        try {
            byte[] ascii = stored.getBytes(StandardCharsets.ISO_8859_1);
            byte[] in = Base64.getUrlDecoder().decode(java.nio.ByteBuffer.wrap(ascii, 5, ascii.length - 5)).array();
            Cipher c = CIPHER.get();
            c.init(Cipher.DECRYPT_MODE, KEY, new GCMParameterSpec(128, in, HEADER, 12));
            c.updateAAD(formatAad(in), 0, HEADER + CONTEXT.length);
            return new String(c.doFinal(in, HEADER + 12, in.length - HEADER - 12), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("decryption failed");
        }
    }

    private static byte[] formatAad(byte[] value) {
        byte[] aad = FORMAT_AAD.get();
        System.arraycopy(value, 0, aad, 0, HEADER);
        System.arraycopy(CONTEXT, 0, aad, HEADER, CONTEXT.length);
        return aad;
    }
}
