package io.custos.audit.verify;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The hashes of RFC 9162 §2.1.1 over SHA-256: a leaf is {@code SHA-256(0x00 || data)}, an interior node
 * {@code SHA-256(0x01 || left || right)}, and the empty tree {@code SHA-256("")}.
 *
 * <h2>Security guarantees</h2>
 * The distinct prefixes keep leaves and interior nodes apart (no second-preimage by re-reading a node as a
 * leaf). Hashes are 32 bytes; every method returns a fresh array.
 */
public final class TreeHash {
    /** Length of every hash in bytes. */
    public static final int SIZE = 32;
    private static final HexFormat HEX = HexFormat.of();

    private TreeHash() {
    }

    /** {@code SHA-256(0x00 || data)}. */
    public static byte[] leaf(byte[] data) {
        MessageDigest md = sha256();
        md.update((byte) 0);
        md.update(data);
        return md.digest();
    }

    /** {@code SHA-256(0x01 || left || right)}. */
    public static byte[] node(byte[] left, byte[] right) {
        MessageDigest md = sha256();
        md.update((byte) 1);
        md.update(left);
        md.update(right);
        return md.digest();
    }

    /** The root of the empty tree, {@code SHA-256("")}. */
    public static byte[] empty() {
        return sha256().digest();
    }

    public static String hex(byte[] hash) {
        return HEX.formatHex(hash);
    }

    /** Parses a lower- or upper-case hex hash of exactly 32 bytes. */
    public static byte[] unhex(String hex) {
        if (hex == null || hex.length() != SIZE * 2) {
            throw new IllegalArgumentException("a hash must be 64 hex digits");
        }
        return HEX.parseHex(hex);
    }

    /** A reset SHA-256 instance of this thread (provider look-up costs more than hashing a short event). */
    static MessageDigest sha256() {
        MessageDigest md = DIGEST.get();
        md.reset();
        return md;
    }

    private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    });
}
