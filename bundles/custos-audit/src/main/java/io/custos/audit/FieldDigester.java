package io.custos.audit;

import io.custos.api.Secret;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Turns old and new values of protected fields into keyed digests for audit details, so a log shows
 * <em>that</em> a value changed (and whether two records hold the same value) without showing the value.
 * {@code HMAC-SHA256(key, UTF-8(column) || 0x00 || UTF-8(value))}, written as
 * {@code hmac-sha256:<keyLabel>:<base64url, no padding>}; the column is bound in so equal values in two
 * columns give different digests.
 *
 * <h2>Security guarantees</h2>
 * Without the digest key nobody can test a guess against a digest. The key is copied in, used through the
 * JCA, and wiped on {@link #close()}; {@link #toString()} shows the label only.
 */
public final class FieldDigester implements AutoCloseable {
    private final String keyLabel;
    private final SecretKeySpec key;
    private final byte[] keyBytes;

    /**
     * @param keyLabel a name for the digest key (e.g. {@code audit-digest-2026}), written into each digest
     * @param key      at least 32 bytes of secret key material; copied
     * @throws InvalidKeyException if the key is shorter than 32 bytes
     */
    public FieldDigester(String keyLabel, Secret key) throws InvalidKeyException {
        if (keyLabel == null || !keyLabel.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("digest key label must match [A-Za-z0-9._-]{1,64}");
        }
        this.keyBytes = key.bytes();
        if (keyBytes.length < 32) {
            Arrays.fill(keyBytes, (byte) 0);
            throw new InvalidKeyException("digest key must have at least 32 bytes");
        }
        this.keyLabel = keyLabel;
        this.key = new SecretKeySpec(keyBytes, "HmacSHA256");
    }

    /** The keyed digest of {@code value} in {@code column} ({@code TABLE.COLUMN}); {@code null} stays {@code null}. */
    public String digest(String column, String value) {
        if (value == null) {
            return null;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(column.toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            byte[] v = value.getBytes(StandardCharsets.UTF_8);
            byte[] tag = mac.doFinal(v);
            Arrays.fill(v, (byte) 0);
            return "hmac-sha256:" + keyLabel + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(tag);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    /**
     * Audit details for a change of {@code column}: {@code old.<column>} and {@code new.<column>} digests
     * (an absent value is left out).
     */
    public Map<String, String> change(String column, String oldValue, String newValue) {
        Map<String, String> out = new LinkedHashMap<>();
        String c = column.toUpperCase(Locale.ROOT);
        if (oldValue != null) {
            out.put("old." + c, digest(c, oldValue));
        }
        if (newValue != null) {
            out.put("new." + c, digest(c, newValue));
        }
        return out;
    }

    @Override
    public void close() {
        Arrays.fill(keyBytes, (byte) 0);
    }

    @Override
    public String toString() {
        return "FieldDigester[" + keyLabel + "]";
    }
}
