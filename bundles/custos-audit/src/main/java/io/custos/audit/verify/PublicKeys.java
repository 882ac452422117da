package io.custos.audit.verify;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * PEM encoding and SHA-256 fingerprints of signing public keys (X.509 SubjectPublicKeyInfo).
 *
 * <h2>Security guarantees</h2>
 * Handles public keys only; a fingerprint lets an auditor pin the key a pack must be signed with.
 */
public final class PublicKeys {
    private static final String BEGIN = "-----BEGIN PUBLIC KEY-----";
    private static final String END = "-----END PUBLIC KEY-----";

    private PublicKeys() {
    }

    public static String toPem(PublicKey key) {
        return BEGIN + "\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.getEncoded()) + "\n" + END + "\n";
    }

    /**
     * Reads a PEM public key of type EC, RSA or Ed25519.
     *
     * @throws IllegalArgumentException if the text is not such a key
     */
    public static PublicKey fromPem(String pem) {
        String t = pem.trim();
        if (!t.startsWith(BEGIN) || !t.endsWith(END)) {
            throw new IllegalArgumentException("not a PEM public key");
        }
        byte[] der = Base64.getMimeDecoder().decode(t.substring(BEGIN.length(), t.length() - END.length()));
        for (String type : new String[] {"EC", "RSA", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(type).generatePublic(new X509EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next type
            }
        }
        throw new IllegalArgumentException("unsupported public key type");
    }

    /** {@code SHA256:} and the hex SHA-256 of the DER encoding, as the operator publishes it. */
    public static String fingerprint(PublicKey key) {
        return "SHA256:" + TreeHash.hex(TreeHash.sha256().digest(key.getEncoded()));
    }
}
