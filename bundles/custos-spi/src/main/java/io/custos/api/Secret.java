package io.custos.api;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Holds secret bytes (a data key, a password, a PIN): copies them in and out, compares in constant time,
 * prints only its length, and wipes them on {@link #close()}.
 *
 * <h2>Security guarantees</h2>
 * <ul>
 *   <li>{@link #toString()} shows the length only; there is no way to print the content.</li>
 *   <li>Not {@link java.io.Serializable}: a secret cannot travel through session replication or caches
 *       that serialise.</li>
 *   <li>After {@link #close()} every accessor throws {@link IllegalStateException}; the buffer is zeroed.</li>
 *   <li>{@link #equals(Object)} runs in time independent of where the contents differ.</li>
 * </ul>
 */
public final class Secret implements AutoCloseable {
    private final byte[] value;
    private volatile boolean destroyed;

    private Secret(byte[] ownedCopy) {
        this.value = ownedCopy;
    }

    /** Copies {@code bytes}; the caller keeps (and should wipe) its own array. */
    public static Secret copyOf(byte[] bytes) {
        return new Secret(bytes.clone());
    }

    /** Takes over {@code bytes} and wipes the caller's array: use when the array must not linger. */
    public static Secret wrapAndWipe(byte[] bytes) {
        Secret s = new Secret(bytes.clone());
        Arrays.fill(bytes, (byte) 0);
        return s;
    }

    /** Encodes {@code chars} as UTF-8 without creating a {@link String}. */
    public static Secret ofChars(char[] chars) {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        if (encoded.hasArray()) {
            Arrays.fill(encoded.array(), (byte) 0);
        }
        return new Secret(bytes);
    }

    /** A fresh copy of the bytes; the caller must wipe it when done. */
    public byte[] bytes() {
        check();
        return value.clone();
    }

    /** A fresh copy decoded as UTF-8 characters; the caller must wipe it when done. */
    public char[] chars() {
        check();
        CharBuffer decoded = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(value));
        char[] chars = new char[decoded.remaining()];
        decoded.get(chars);
        if (decoded.hasArray()) {
            Arrays.fill(decoded.array(), '\0');
        }
        return chars;
    }

    public int length() {
        check();
        return value.length;
    }

    public boolean isDestroyed() {
        return destroyed;
    }

    /** Zeroes the content. Idempotent. */
    @Override
    public void close() {
        destroyed = true;
        Arrays.fill(value, (byte) 0);
    }

    /** Constant-time comparison of the contents. */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Secret other)) {
            return false;
        }
        check();
        other.check();
        return MessageDigest.isEqual(value, other.value);
    }

    /** Constant for every secret of the same length, so hashing reveals nothing of the content. */
    @Override
    public int hashCode() {
        return value.length;
    }

    @Override
    public String toString() {
        return "Secret[" + value.length + " bytes" + (destroyed ? ", destroyed" : "") + "]";
    }

    private void check() {
        if (destroyed) {
            throw new IllegalStateException("secret was destroyed");
        }
    }
}
