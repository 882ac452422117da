package io.custos.kms;

import java.util.Objects;

/**
 * What a destruction removes: one key (all its versions), every key of one data subject in a tenant
 * (crypto-shredding one patient, e.g. for a PIPL deletion request), or every key of a tenant including
 * its key-encryption keys.
 *
 * <h2>Security guarantees</h2>
 * Ids and names only; safe to log and audit.
 *
 * @param kind    which of the three
 * @param keyId   the key, for {@link Kind#KEY}
 * @param tenant  the tenant, for {@link Kind#SUBJECT} and {@link Kind#TENANT}
 * @param subject the data subject, for {@link Kind#SUBJECT}
 */
public record DestructionTarget(Kind kind, Long keyId, String tenant, String subject) {

    public enum Kind { KEY, SUBJECT, TENANT }

    public DestructionTarget {
        Objects.requireNonNull(kind, "kind");
        switch (kind) {
            case KEY -> Objects.requireNonNull(keyId, "keyId");
            case SUBJECT -> {
                Objects.requireNonNull(tenant, "tenant");
                if (Objects.requireNonNull(subject, "subject").isBlank()) {
                    throw new IllegalArgumentException("subject must not be blank");
                }
            }
            case TENANT -> Objects.requireNonNull(tenant, "tenant");
            default -> throw new IllegalArgumentException("kind");
        }
    }

    public static DestructionTarget key(long keyId) {
        return new DestructionTarget(Kind.KEY, keyId, null, null);
    }

    public static DestructionTarget subject(String tenant, String subject) {
        return new DestructionTarget(Kind.SUBJECT, null, tenant, subject);
    }

    public static DestructionTarget tenant(String tenant) {
        return new DestructionTarget(Kind.TENANT, null, tenant, null);
    }

    /** A short description with ids only, for messages and audit. */
    public String describe() {
        return switch (kind) {
            case KEY -> "key " + keyId;
            case SUBJECT -> "subject " + subject + " of tenant " + tenant;
            case TENANT -> "tenant " + tenant;
        };
    }
}
