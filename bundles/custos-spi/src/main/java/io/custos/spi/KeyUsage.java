package io.custos.spi;

/**
 * What a data key is for. Keys of different usages are different keys, so rotating field-encryption keys
 * does not invalidate blind indexes or pseudonyms, and one compromise does not spread to the others.
 */
public enum KeyUsage {
    /** Randomized and deterministic field encryption. */
    FIELD_ENCRYPTION,
    /** Blind-index HMAC keys. */
    BLIND_INDEX,
    /** Pseudonymisation HMAC keys, shared with the systems that reconcile with this one. */
    PSEUDONYM
}
