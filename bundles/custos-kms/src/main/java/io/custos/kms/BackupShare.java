package io.custos.kms;

import io.custos.api.Secret;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * One custodian's share of a backup key (Shamir's secret sharing over GF(256), {@code com.codahale:shamir}).
 * A single share of a 1-of-1 backup is the backup key itself.
 *
 * <h2>Security guarantees</h2>
 * The share stays in a {@link Secret}; {@link #toString()} shows the backup id and index only. The text
 * form is returned as a {@code char[]} the caller wipes.
 *
 * @param backupId  the backup it belongs to
 * @param index     the share's x-coordinate (0 for an unsplit key)
 * @param threshold how many shares the backup needs
 * @param value     the share bytes
 */
public record BackupShare(String backupId, int index, int threshold, Secret value) implements AutoCloseable {
    private static final String PREFIX = "custos-share:";

    public BackupShare {
        Objects.requireNonNull(backupId, "backupId");
        Objects.requireNonNull(value, "value");
        if (index < 0 || index > 255 || threshold < 1 || threshold > 255) {
            throw new IllegalArgumentException("share index or threshold out of range");
        }
    }

    /** {@code custos-share:<backup>:<index>:<threshold>:<base64>}, for printing on a custodian's card. */
    public char[] toText() {
        byte[] raw = value.bytes();
        byte[] b64 = Base64.getEncoder().encode(raw);
        Arrays.fill(raw, (byte) 0);
        String head = PREFIX + backupId + ":" + index + ":" + threshold + ":";
        char[] out = new char[head.length() + b64.length];
        head.getChars(0, head.length(), out, 0);
        for (int i = 0; i < b64.length; i++) {
            out[head.length() + i] = (char) b64[i];
        }
        Arrays.fill(b64, (byte) 0);
        return out;
    }

    /**
     * Parses {@link #toText()}; the caller wipes {@code text}.
     *
     * @throws IllegalArgumentException if malformed (the message never quotes the text)
     */
    public static BackupShare fromText(char[] text) {
        String head = new String(text, 0, Math.min(text.length, 200));
        if (!head.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not a custos backup share");
        }
        String[] parts = head.substring(PREFIX.length()).split(":", 4);
        if (parts.length < 4) {
            throw new IllegalArgumentException("malformed custos backup share");
        }
        int start = PREFIX.length() + parts[0].length() + parts[1].length() + parts[2].length() + 3;
        byte[] b64 = new byte[text.length - start];
        for (int i = 0; i < b64.length; i++) {
            b64[i] = (byte) text[start + i];
        }
        try {
            byte[] raw = Base64.getDecoder().decode(b64);
            return new BackupShare(parts[0], Integer.parseInt(parts[1]), Integer.parseInt(parts[2]),
                    Secret.wrapAndWipe(raw));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed custos backup share");
        } finally {
            Arrays.fill(b64, (byte) 0);
        }
    }

    @Override
    public void close() {
        value.close();
    }

    @Override
    public String toString() {
        return "BackupShare[" + backupId + " #" + index + " of threshold " + threshold + "]";
    }

}
