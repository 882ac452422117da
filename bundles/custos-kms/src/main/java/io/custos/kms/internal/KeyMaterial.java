package io.custos.kms.internal;

import io.custos.api.KeyReference;
import io.custos.api.Secret;
import io.custos.api.error.ErrorCode;
import io.custos.api.error.ProviderUnavailableException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Generates key material and seals data keys under a key-encryption key with the JDK's AES-256-GCM
 * (random 96-bit nonce, 128-bit tag). The associated data binds a sealed key to its id, version and scope,
 * so a row copied onto another key fails to unseal.
 */
final class KeyMaterial {
    static final String KEK_SEALER = "kms-kek";
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;

    private final SecureRandom random;

    KeyMaterial(SecureRandom random) {
        this.random = random;
    }

    Secret generate() {
        byte[] k = new byte[32];
        random.nextBytes(k);
        return Secret.wrapAndWipe(k);
    }

    byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    byte[] wrap(SecretKey kek, Secret key, byte[] aad) throws ProviderUnavailableException {
        byte[] nonce = randomBytes(NONCE);
        byte[] plain = key.bytes();
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, kek, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad);
            byte[] sealed = cipher.doFinal(plain);
            byte[] out = Arrays.copyOf(nonce, NONCE + sealed.length);
            System.arraycopy(sealed, 0, out, NONCE, sealed.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new ProviderUnavailableException(ErrorCode.PROVIDER_OPERATION_FAILED, KEK_SEALER, "seal",
                    e.getClass().getSimpleName());
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    Secret unwrap(SecretKey kek, byte[] blob, byte[] aad, KeyReference ref) throws ProviderUnavailableException {
        if (blob == null || blob.length <= NONCE) {
            throw new ProviderUnavailableException(ErrorCode.UNSEAL_FAILED, KEK_SEALER, ref);
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, kek, new GCMParameterSpec(TAG_BITS, blob, 0, NONCE));
            cipher.updateAAD(aad);
            return Secret.wrapAndWipe(cipher.doFinal(blob, NONCE, blob.length - NONCE));
        } catch (GeneralSecurityException e) {
            throw new ProviderUnavailableException(ErrorCode.UNSEAL_FAILED, KEK_SEALER, ref);
        }
    }

    /** The associated data of a sealed data key: length-prefixed id, version and scope. */
    static byte[] dataKeyAad(KeyRow key, long version) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        field(out, "custos-kms-data-key-v1");
        field(out, Long.toString(key.keyId()));
        field(out, Long.toString(version));
        field(out, key.tenant());
        field(out, key.dataClass().name());
        field(out, KeyRow.storedSubject(key.subject()));
        field(out, key.usage());
        return out.toByteArray();
    }

    private static void field(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.write(b.length >>> 8);
        out.write(b.length);
        out.writeBytes(b);
    }
}
