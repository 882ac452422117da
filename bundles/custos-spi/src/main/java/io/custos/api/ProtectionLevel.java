package io.custos.api;

/**
 * Risk levels, lowest to highest. A level decides the default encryption mode, whether entities stay in
 * the shared cache, which roles see plaintext, and whether reads fail closed when audit is down.
 */
public enum ProtectionLevel {
    /** Take the level of the field's {@link DataClass}. Only meaningful in {@link Protected}. */
    INHERIT,
    /** Business-internal: encrypted at rest, visible to every authenticated business role. */
    INTERNAL,
    /** Personal or commercial data: encrypted, masked for roles without a need to know. */
    CONFIDENTIAL,
    /** Regulated data (device traceability, finance): encrypted, restricted roles, every read audited. */
    RESTRICTED,
    /** Patient and clinical data, core formulas: strongest controls, kept out of the shared cache. */
    CRITICAL
}
