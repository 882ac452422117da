package io.custos.jpa.policy;

/** What a caller without a plaintext role gets for a protected field. */
public enum WhenDenied {
    /** The masked value (per the field's mask style); the read is still audited where the level says so. */
    MASK,
    /** Nothing: the whole read fails with CUSTOS-6002 and the denial is audited. */
    REFUSE
}
