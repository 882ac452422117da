package io.custos.crypto.internal;

import io.custos.api.ProtectionContext;
import io.custos.crypto.CiphertextFormat.Algorithm;
import io.custos.spi.DataKey;
import java.security.GeneralSecurityException;

/** One ciphertext algorithm: writes and reads the body after the engine has chosen the key. */
interface Codec {

    Algorithm algorithm();

    /** The whole binary ciphertext, header included. */
    byte[] encrypt(DataKey key, byte[] plaintext, ProtectionContext context) throws GeneralSecurityException;

    /** The plaintext; the engine has already parsed the header and compared the context check. */
    byte[] decrypt(DataKey key, byte[] ciphertext, ProtectionContext context) throws GeneralSecurityException;
}
