package io.custos.api.error;

/** A stored value is not a well-formed Custos ciphertext: empty, truncated, foreign, or of an unknown format version or algorithm (CUSTOS-2001, 2002, 2006). */
public class MalformedCiphertextException extends CryptoException {
    private static final long serialVersionUID = 1L;

    public MalformedCiphertextException(ErrorCode code, Object... args) {
        super(code, args);
    }
}
