package io.custos.crypto.internal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Strict UTF-8 decoding of decrypted text. */
final class Utf8 {
    private Utf8() {
    }

    /**
     * Strict UTF-8: malformed input is an error, never replaced. The JDK's decoder (vectorised for ASCII)
     * replaces malformed input with U+FFFD, so only a result containing U+FFFD — a malformed input or a
     * genuine U+FFFD — is decoded again strictly to tell the two apart.
     */
    static String strict(byte[] bytes, int offset, int length) throws CharacterCodingException {
        String lenient = new String(bytes, offset, length, StandardCharsets.UTF_8);
        if (lenient.indexOf('\uFFFD') < 0) {
            return lenient;
        }
        CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes, offset, length));
        return chars.toString();
    }
}
