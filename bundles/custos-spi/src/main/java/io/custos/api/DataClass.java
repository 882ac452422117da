package io.custos.api;

/**
 * The data classes of a medical-device ERP, each with the risk level it gets unless a policy says
 * otherwise and the rules that usually apply to it. The mapping is documented in {@code docs/policy.md}.
 */
public enum DataClass {
    CUSTOMER(ProtectionLevel.CONFIDENTIAL, "PIPL, Cybersecurity Law"),
    PATIENT_CLINICAL(ProtectionLevel.CRITICAL, "PIPL sensitive personal information, NMPA GCP, 21 CFR Part 11, EU MDR"),
    FORMULA(ProtectionLevel.CRITICAL, "trade secret, NMPA GMP computerised systems, EU GMP Annex 11"),
    PRODUCTION_BATCH(ProtectionLevel.CONFIDENTIAL, "NMPA GMP, 21 CFR Part 820/11, EU GMP Annex 11"),
    CERTIFICATE(ProtectionLevel.CONFIDENTIAL, "EU MDR, NMPA registration"),
    DEVICE_SERIAL(ProtectionLevel.RESTRICTED, "UDI traceability, EU MDR, NMPA UDI rules"),
    DISTRIBUTOR(ProtectionLevel.CONFIDENTIAL, "commercial confidentiality, PIPL for contact persons"),
    FINANCIAL(ProtectionLevel.RESTRICTED, "accounting law, Cybersecurity Law"),
    GENERAL(ProtectionLevel.INTERNAL, "internal business data");

    private final ProtectionLevel defaultLevel;
    private final String regulations;

    DataClass(ProtectionLevel defaultLevel, String regulations) {
        this.defaultLevel = defaultLevel;
        this.regulations = regulations;
    }

    public ProtectionLevel defaultLevel() {
        return defaultLevel;
    }

    /** A short, human-readable list of the rules that typically govern this class. */
    public String regulations() {
        return regulations;
    }

    /** The effective level: {@code requested} unless it is {@link ProtectionLevel#INHERIT}. */
    public ProtectionLevel resolve(ProtectionLevel requested) {
        return requested == null || requested == ProtectionLevel.INHERIT ? defaultLevel : requested;
    }
}
