package io.custos.hsm.internal;

/**
 * The token, a session or the library failed: the connection is dropped and opened again later. Carries
 * the PKCS#11 error name (e.g. {@code CKR_SESSION_HANDLE_INVALID}) or a short reason, and no cause, so
 * nothing from inside the provider travels further.
 */
public final class TokenFault extends Exception {
    private static final long serialVersionUID = 1L;

    public TokenFault(String reason) {
        super(reason, null, false, false);
    }

    static TokenFault of(Throwable t) {
        String code = TokenConnection.ckr(t);
        return new TokenFault(code != null ? code : t.getClass().getSimpleName());
    }

    /** The CKR_ name or short reason. */
    public String reason() {
        return getMessage();
    }
}
