package io.custos.crypto.internal;

import io.custos.api.Secret;
import io.custos.spi.DataKey;
import java.nio.charset.StandardCharsets;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/** HKDF-SHA256 (RFC 5869) through BouncyCastle: per-column and per-purpose subkeys of a data key. */
final class Hkdf {
    private Hkdf() {
    }

    /**
     * Derives {@code length} bytes from the data key with info = label || 0x00 || context.
     * The caller owns (and wipes) the result.
     */
    static byte[] derive(DataKey key, String label, byte[] context, int length) {
        byte[] labelBytes = label.getBytes(StandardCharsets.US_ASCII);
        byte[] info = new byte[labelBytes.length + 1 + context.length];
        System.arraycopy(labelBytes, 0, info, 0, labelBytes.length);
        System.arraycopy(context, 0, info, labelBytes.length + 1, context.length);
        Secret material = key.material();
        byte[] ikm = material.bytes();
        try {
            HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
            hkdf.init(new HKDFParameters(ikm, null, info));
            byte[] out = new byte[length];
            hkdf.generateBytes(out, 0, length);
            return out;
        } finally {
            java.util.Arrays.fill(ikm, (byte) 0);
        }
    }
}
