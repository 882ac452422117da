package io.custos.admin;

/**
 * The MicroProfile JWT {@code groups} the admin API knows. They are the roles of the key-management service
 * ({@link io.custos.kms.Role}), spelled as identity providers send them, so one token group maps to one KMS
 * role. The full endpoint-by-role table is in {@code docs/admin-api.md}.
 *
 * <h2>Security guarantees</h2>
 * A token may carry several groups; the API checks each method against its list and the KMS checks the
 * same duties again (a custodian can never approve the destruction it requested, whatever its groups).
 */
public final class Roles {
    /** Creates and rotates keys, requests destruction and restore, takes backups, issues grants, starts jobs. */
    public static final String KEY_CUSTODIAN = "key-custodian";
    /** Approves or cancels destructions and restores, marks compromise, revokes grants, changes the policy. */
    public static final String SECURITY_OFFICER = "security-officer";
    /** Reads key metadata, the policy, the audit log; verifies and exports the log. */
    public static final String AUDITOR = "auditor";
    /** Runs the applications that encrypt and decrypt; no administrative power at all. */
    public static final String DATA_OPERATOR = "data-operator";

    private Roles() {
    }
}
