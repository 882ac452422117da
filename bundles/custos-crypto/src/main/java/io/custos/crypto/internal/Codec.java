package io.custos.crypto.internal;

import io.custos.api.ProtectionContext;
import io.custos.crypto.CiphertextFormat.Algorithm;
import io.custos.spi.DataKey;
import java.nio.charset.CharacterCodingException;
import java.security.GeneralSecurityException;

/** One ciphertext algorithm: writes and reads the body after the engine has chosen the key. */
interface Codec {

    Algorithm algorithm();

    /** The whole binary ciphertext, header included. */
    byte[] encrypt(DataKey key, byte[] plaintext, ProtectionContext context) throws GeneralSecurityException;

    /** The plaintext; the engine has already parsed the header and looked up the key. */
    byte[] decrypt(DataKey key, byte[] ciphertext, ProtectionContext context) throws GeneralSecurityException;

    /**
     * The plaintext as strict UTF-8 text; its bytes are wiped before returning.
     *
     * @throws CharacterCodingException if the authenticated plaintext is not UTF-8
     */
    default String decryptText(DataKey key, byte[] ciphertext, ProtectionContext context)
            throws GeneralSecurityException, CharacterCodingException {
        byte[] bytes = decrypt(key, ciphertext, context);
        try {
            return Utf8.strict(bytes, 0, bytes.length);
        } finally {
            java.util.Arrays.fill(bytes, (byte) 0);
        }
    }
}
