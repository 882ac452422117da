package io.custos.kms;

/**
 * The duties that the KMS keeps apart. An {@link Actor} carries the roles its identity provider granted.
 *
 * <h2>Security guarantees</h2>
 * Roles are compared as enum constants; an identity provider's group names are mapped through
 * {@link #fromId(String)}, which refuses unknown names.
 */
public enum Role {
    /** Creates and rotates keys, requests destruction and restore, takes backups, issues grants. */
    KEY_CUSTODIAN("key-custodian"),
    /** Approves or cancels destructions and restores, marks keys compromised, revokes grants. */
    SECURITY_OFFICER("security-officer"),
    /** Reads key metadata and history; changes nothing. */
    AUDITOR("auditor"),
    /** Runs the applications that encrypt and decrypt through the engine; no administrative power. */
    DATA_OPERATOR("data-operator");

    private final String id;

    Role(String id) {
        this.id = id;
    }

    /** The role name as identity providers spell it, e.g. {@code security-officer}. */
    public String id() {
        return id;
    }

    /**
     * The role with this name.
     *
     * @throws IllegalArgumentException if unknown
     */
    public static Role fromId(String id) {
        for (Role r : values()) {
            if (r.id.equals(id)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown role " + id);
    }
}
