package io.custos.crypto;

import io.custos.api.KeyReference;
import io.custos.api.error.ErrorCode;
import io.custos.api.error.MalformedCiphertextException;
import java.util.Base64;

/**
 * The versioned, self-describing ciphertext format (specified in {@code docs/ciphertext-format.md}).
 *
 * <pre>
 * offset size
 * 0      1    magic 0xCE
 * 1      1    format version (1)
 * 2      1    algorithm: 1 = AES-256-GCM (randomized), 2 = AES-256-SIV (deterministic)
 * 3      4    key id, unsigned big-endian
 * 7      4    key version, unsigned big-endian
 * 11     4    context check: CRC-32C of the canonical context (diagnostic, not security)
 * 15     ...  GCM: 12-byte nonce, ciphertext, 16-byte tag;  SIV: 16-byte synthetic IV, ciphertext
 * </pre>
 * The 15 header bytes and the canonical context are the associated data. The text encoding is
 * {@value #TEXT_PREFIX} followed by the binary form in unpadded base64url.
 */
public final class CiphertextFormat {
    public static final byte MAGIC = (byte) 0xCE;
    public static final byte VERSION_1 = 1;
    public static final int HEADER_LENGTH = 15;
    public static final String TEXT_PREFIX = "$cu1$";
    public static final int GCM_NONCE_LENGTH = 12;
    public static final int TAG_LENGTH = 16;
    /** Bytes a randomized ciphertext adds to its plaintext. */
    public static final int GCM_OVERHEAD = HEADER_LENGTH + GCM_NONCE_LENGTH + TAG_LENGTH;
    /** Bytes a deterministic ciphertext adds to its plaintext. */
    public static final int SIV_OVERHEAD = HEADER_LENGTH + TAG_LENGTH;

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private CiphertextFormat() {
    }

    /** The algorithms a header can name. */
    public enum Algorithm {
        AES_256_GCM(1, GCM_OVERHEAD, true),
        AES_256_SIV(2, SIV_OVERHEAD, false);

        private final int id;
        private final int overhead;
        private final boolean bindsRow;

        Algorithm(int id, int overhead, boolean bindsRow) {
            this.id = id;
            this.overhead = overhead;
            this.bindsRow = bindsRow;
        }

        public int id() {
            return id;
        }

        /** Bytes added to the plaintext. */
        public int overhead() {
            return overhead;
        }

        /** Whether the row id is part of the associated data (randomized) or not (deterministic). */
        public boolean bindsRow() {
            return bindsRow;
        }

        /** Indexed by id; {@code values()} would copy the array on every header parsed. */
        private static final Algorithm[] BY_ID = {null, AES_256_GCM, AES_256_SIV};

        static Algorithm byId(int id) {
            return id > 0 && id < BY_ID.length ? BY_ID[id] : null;
        }
    }

    /**
     * A parsed header.
     *
     * @param algorithm    the algorithm
     * @param key          the key version
     * @param contextCheck the CRC-32C of the context the value was encrypted for
     */
    public record Header(Algorithm algorithm, KeyReference key, int contextCheck) {
    }

    /** Whether {@code stored} starts like a binary Custos ciphertext (magic and a known version). */
    public static boolean looksLikeCiphertext(byte[] stored) {
        return stored != null && stored.length >= 2 && stored[0] == MAGIC && stored[1] == VERSION_1;
    }

    /**
     * Whether {@code stored} is in the text encoding. Anything carrying the prefix is treated as ciphertext
     * (and fails if damaged); anything else is plaintext.
     */
    public static boolean isCiphertextText(String stored) {
        return stored != null && stored.startsWith(TEXT_PREFIX);
    }

    /**
     * Parses and checks the header, including that the length fits the algorithm.
     *
     * @param column the column name for messages
     * @throws MalformedCiphertextException if empty, truncated, foreign or of an unknown version/algorithm
     */
    public static Header parseHeader(byte[] ct, String column) throws MalformedCiphertextException {
        if (ct == null || ct.length == 0) {
            throw new MalformedCiphertextException(ErrorCode.NOT_CIPHERTEXT, column, "empty");
        }
        if (ct[0] != MAGIC) {
            throw new MalformedCiphertextException(ErrorCode.NOT_CIPHERTEXT, column, "unknown magic byte");
        }
        if (ct.length < HEADER_LENGTH) {
            throw new MalformedCiphertextException(ErrorCode.NOT_CIPHERTEXT, column, "truncated header");
        }
        if (ct[1] != VERSION_1) {
            throw new MalformedCiphertextException(ErrorCode.UNSUPPORTED_FORMAT, column, "version " + (ct[1] & 0xFF));
        }
        Algorithm algorithm = Algorithm.byId(ct[2] & 0xFF);
        if (algorithm == null) {
            throw new MalformedCiphertextException(ErrorCode.UNSUPPORTED_FORMAT, column, "algorithm " + (ct[2] & 0xFF));
        }
        if (ct.length < algorithm.overhead()) {
            throw new MalformedCiphertextException(ErrorCode.NOT_CIPHERTEXT, column, "truncated body");
        }
        long keyId = readUint32(ct, 3);
        long version = readUint32(ct, 7);
        if (keyId == 0 || version == 0) {
            throw new MalformedCiphertextException(ErrorCode.NOT_CIPHERTEXT, column, "key id or version zero");
        }
        return new Header(algorithm, new KeyReference(keyId, version), (int) readUint32(ct, 11));
    }

    /**
     * The key version a stored value was encrypted under, without decrypting.
     *
     * @throws MalformedCiphertextException if the value is not a well-formed ciphertext
     */
    public static KeyReference keyOf(byte[] ct) throws MalformedCiphertextException {
        return parseHeader(ct, "?").key();
    }

    /** The width a text column needs for a plaintext of {@code plaintextBytes} UTF-8 bytes. */
    public static int textLength(int plaintextBytes, Algorithm algorithm) {
        int binary = plaintextBytes + algorithm.overhead();
        return TEXT_PREFIX.length() + (binary * 4 + 2) / 3;
    }

    /** Writes the 15 header bytes at the start of {@code out}. */
    public static void writeHeader(byte[] out, Algorithm algorithm, KeyReference key, int contextCheck) {
        out[0] = MAGIC;
        out[1] = VERSION_1;
        out[2] = (byte) algorithm.id();
        writeUint32(out, 3, key.keyId());
        writeUint32(out, 7, key.version());
        writeUint32(out, 11, contextCheck & 0xFFFF_FFFFL);
    }

    /** The text encoding of a binary ciphertext. */
    public static String toText(byte[] binary) {
        int encoded = (binary.length * 4 + 2) / 3;
        if (encoded > MAX_SCRATCH) {
            // large values are rare: no thread keeps a large scratch array
            return TEXT_PREFIX + ENCODER.encodeToString(binary);
        }
        byte[][] scratch = TEXT_SCRATCH.get();
        if (scratch[0].length < encoded) {
            scratch[0] = new byte[Math.min(Math.max(encoded, scratch[0].length * 2), MAX_SCRATCH)];
            scratch[1] = new byte[scratch[0].length + TEXT_PREFIX.length()];
            System.arraycopy(PREFIX_BYTES, 0, scratch[1], 0, PREFIX_BYTES.length);
        }
        int n = ENCODER.encode(binary, scratch[0]);
        System.arraycopy(scratch[0], 0, scratch[1], PREFIX_BYTES.length, n);
        // the only allocation: the string itself (ciphertext is public, so the scratch needs no wiping)
        return new String(scratch[1], 0, PREFIX_BYTES.length + n, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static final byte[] PREFIX_BYTES = TEXT_PREFIX.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    /** The longest encoded body built in the per-thread scratch arrays. */
    private static final int MAX_SCRATCH = 16_384;
    /** Per thread: the encoded body, and prefix plus body (JDK types only: no class loader is kept alive). */
    private static final ThreadLocal<byte[][]> TEXT_SCRATCH = ThreadLocal.withInitial(() -> {
        byte[] text = new byte[512 + PREFIX_BYTES.length];
        System.arraycopy(PREFIX_BYTES, 0, text, 0, PREFIX_BYTES.length);
        return new byte[][] {new byte[512], text};
    });

    /**
     * The binary form of a text-encoded ciphertext (the caller has checked the prefix).
     *
     * @throws MalformedCiphertextException if the text is not valid base64url
     */
    public static byte[] fromText(String text, String column) throws MalformedCiphertextException {
        if (!canonicalTail(text)) {
            // base64 leaves 2 or 4 bits of the last character unused; text that sets them decodes to the same bytes,
            // so it would read as the untouched value: only the one encoding Custos writes is accepted
            throw new MalformedCiphertextException(ErrorCode.NOT_CIPHERTEXT, column, "invalid text encoding");
        }
        try {
            byte[] ascii = text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            java.nio.ByteBuffer decoded = DECODER.decode(java.nio.ByteBuffer.wrap(ascii, TEXT_PREFIX.length(),
                    ascii.length - TEXT_PREFIX.length()));
            byte[] out = decoded.array();
            return decoded.arrayOffset() == 0 && decoded.limit() == out.length ? out
                    : java.util.Arrays.copyOfRange(out, decoded.arrayOffset(), decoded.arrayOffset() + decoded.limit());
        } catch (IllegalArgumentException e) {
            throw new MalformedCiphertextException(ErrorCode.NOT_CIPHERTEXT, column, "invalid text encoding");
        }
    }

    /** Whether the unused low bits of the last base64url character (if any) are zero, as the encoder writes them. */
    private static boolean canonicalTail(String text) {
        int body = text.length() - TEXT_PREFIX.length();
        int unusedBits = switch (body % 4) {
            case 2 -> 4;
            case 3 -> 2;
            default -> 0;
        };
        if (unusedBits == 0 || body <= 0) {
            return true;
        }
        int v = base64urlValue(text.charAt(text.length() - 1));
        return v >= 0 && (v & ((1 << unusedBits) - 1)) == 0;
    }

    private static int base64urlValue(char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        return c == '-' ? 62 : c == '_' ? 63 : -1;
    }

    private static long readUint32(byte[] b, int off) {
        return ((b[off] & 0xFFL) << 24) | ((b[off + 1] & 0xFFL) << 16) | ((b[off + 2] & 0xFFL) << 8) | (b[off + 3] & 0xFFL);
    }

    private static void writeUint32(byte[] b, int off, long v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }
}
