package io.custos.hsm.internal;

import io.custos.api.KeyReference;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The sealed-blob format of the PKCS#11 provider (documented in {@code docs/hsm.md}):
 *
 * <pre>
 *   offset  size  field
 *   0       1     format version, 0x01
 *   1       12    AES-GCM nonce (random)
 *   13      n+16  AES-256-GCM ciphertext of the n-byte data key, then the 16-byte tag
 * </pre>
 *
 * The associated data binds the format version, the root key id (token key label and version) and the
 * data key's reference: {@code "custos-hsm-seal" || 0x01 || len(rootKeyId) (2 bytes) || rootKeyId (UTF-8)
 * || keyId (8 bytes) || version (8 bytes)}, all big-endian. A blob moved to another key reference or
 * relabelled to another root key fails authentication.
 *
 * @param version    the format version
 * @param nonce      12 bytes
 * @param ciphertext ciphertext and tag
 */
public record SealedBlob(int version, byte[] nonce, byte[] ciphertext) {
    public static final int VERSION_1 = 1;
    public static final int NONCE_BYTES = 12;
    public static final int TAG_BYTES = 16;
    private static final byte[] DOMAIN = "custos-hsm-seal".getBytes(StandardCharsets.US_ASCII);

    public SealedBlob {
        nonce = nonce.clone();
        ciphertext = ciphertext.clone();
    }

    /** Parses a blob; {@code null} if it is not a well-formed version-1 blob. */
    public static SealedBlob parse(byte[] blob) {
        if (blob.length < 1 + NONCE_BYTES + TAG_BYTES + 1 || blob[0] != VERSION_1) {
            return null;
        }
        return new SealedBlob(VERSION_1, Arrays.copyOfRange(blob, 1, 1 + NONCE_BYTES),
                Arrays.copyOfRange(blob, 1 + NONCE_BYTES, blob.length));
    }

    public byte[] encode() {
        return ByteBuffer.allocate(1 + nonce.length + ciphertext.length)
                .put((byte) version).put(nonce).put(ciphertext).array();
    }

    /** The associated data for a blob of format {@code version} sealed under {@code rootKeyId} for {@code ref}. */
    public static byte[] associatedData(int version, String rootKeyId, KeyReference ref) {
        byte[] id = rootKeyId.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(DOMAIN.length + 1 + 2 + id.length + 16)
                .put(DOMAIN).put((byte) version).putShort((short) id.length).put(id)
                .putLong(ref.keyId()).putLong(ref.version()).array();
    }

    @Override
    public byte[] nonce() {
        return nonce.clone();
    }

    @Override
    public byte[] ciphertext() {
        return ciphertext.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SealedBlob b && version == b.version && Arrays.equals(nonce, b.nonce)
                && Arrays.equals(ciphertext, b.ciphertext);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(nonce) + Arrays.hashCode(ciphertext);
    }

    @Override
    public String toString() {
        return "SealedBlob[v" + version + ", " + ciphertext.length + " bytes]";
    }
}
