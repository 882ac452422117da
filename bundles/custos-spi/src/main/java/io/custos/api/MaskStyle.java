package io.custos.api;

/** How a value is shown to a caller who may not see the plaintext. */
public enum MaskStyle {
    /** Take the policy's default for the field's data class and level. */
    INHERIT,
    /** Replace the whole value with a fixed marker. */
    REDACT,
    /** Keep the last four characters (serial numbers, account numbers). */
    LAST4,
    /** Keep the initials of each word of a name. */
    INITIALS,
    /** Keep only the year of a date. */
    YEAR,
    /** Keep the first character of the local part and the domain of an e-mail address. */
    EMAIL
}
